/** Test helpers: start a simulator on an ephemeral port and talk to it over real HTTP. */
import { request } from 'undici';
import { startSimServer, type SimOptions, type SimServer } from '../src';

export const KEY = 'test-key';

/** What JSON.parse gives: a body of a shape each test then asserts with expect(). */
export type JsonBody = ReturnType<typeof JSON.parse>;

export interface Res<T = JsonBody> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export async function startSim(opts: SimOptions = {}): Promise<SimServer> {
  return startSimServer({ port: 0, tickMs: 0, apiKey: KEY, seed: 1, ...opts });
}

/** Calls `${base}${path}` with params in the query string (as RIT wants); parses JSON when possible. */
export async function call<T = JsonBody>(
  s: SimServer,
  method: 'GET' | 'POST' | 'DELETE' | 'PUT',
  path: string,
  params: Record<string, string | number | (string | number)[]> = {},
  headers: Record<string, string> = { 'X-API-Key': KEY },
): Promise<Res<T>> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) qs.append(k, String(x));
  }
  const root = path.startsWith('/sim/') ? s.url.replace(/\/v1$/, '') : s.url;
  const q = qs.toString();
  const res = await request(`${root}${path}${q ? `?${q}` : ''}`, { method, headers });
  const text = await res.body.text();
  let body: JsonBody = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* left as text */
  }
  return { status: res.statusCode, headers: res.headers, body, text };
}

export const get = <T = JsonBody>(
  s: SimServer,
  path: string,
  params: Record<string, string | number | (string | number)[]> = {},
) => call<T>(s, 'GET', path, params);
export const post = <T = JsonBody>(
  s: SimServer,
  path: string,
  params: Record<string, string | number | (string | number)[]> = {},
) => call<T>(s, 'POST', path, params);
export const del = <T = JsonBody>(
  s: SimServer,
  path: string,
  params: Record<string, string | number | (string | number)[]> = {},
) => call<T>(s, 'DELETE', path, params);

/** A scenario with a quiet market: no random agents' flow, so a test controls every trade. */
export const QUIET = {
  noise: { BULL: { ordersPerTick: 0 }, BEAR: { ordersPerTick: 0 }, RITC: { ordersPerTick: 0 } },
  informed: { ordersPerTick: 0 },
  arb: { maxSharesPerTick: 0 },
  tenders: { enabled: false },
  etf: { shockProbPerTick: 0 },
} as const;

export const fast = { apiOrdersPerSecond: 1_000_000 };
/** Scenario fragment lifting the per-ticker rate limit (tests that send many orders). */
export const NO_RATE_LIMIT = {
  securities: ['USD', 'BULL', 'BEAR', 'RITC'].map((ticker) => ({ ticker, ...fast })),
};
