/**
 * A fake RIT server on 127.0.0.1 (port 0) for tests: routes keyed by `METHOD /path` (without /v1),
 * each a canned JSON reply or a handler; every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** performance.now() at arrival. */
  at: number;
}

export type Handler = (req: Recorded, res: http.ServerResponse) => void;
export interface Canned {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}
export type Route = Handler | Canned;

export interface FakeRit {
  baseUrl: string;
  requests: Recorded[];
  route(key: string, r: Route): void;
  /** Requests to one route key, e.g. `POST /orders`. */
  hits(key: string): Recorded[];
  close(): Promise<void>;
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startFakeRit(routes: Record<string, Route> = {}): Promise<FakeRit> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: Recorded[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/v1/, '');
    const rec: Recorded = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      at: performance.now(),
    };
    requests.push(rec);
    req.resume();
    const r = table.get(`${rec.method} ${path}`) ?? table.get(`${rec.method} ${path.replace(/\/\d+$/, '/{id}')}`);
    if (!r) return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${rec.method} ${path}` });
    if (typeof r === 'function') return r(rec, res);
    sendJson(res, r.status ?? 200, r.body, r.headers);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    route: (key, r) => void table.set(key, r),
    hits: (key) =>
      requests.filter(
        (q) => `${q.method} ${q.path}` === key || `${q.method} ${q.path.replace(/\/\d+$/, '/{id}')}` === key,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
