/** Integration helpers: a real simulator on 127.0.0.1 and a real RitClient over HTTP. */
import { request } from 'undici';
import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimOptions, type SimServer } from '@ritc/sim';
import { ExecutionManager } from '../src/execution/execution-manager';
import type { EngineConfig } from '../src/config';

export interface SimRig {
  sim: SimServer;
  client: RitClient;
  em: ExecutionManager;
  close(): Promise<void>;
}

export async function startRig(opts: SimOptions = {}, config: Partial<EngineConfig> = {}): Promise<SimRig> {
  const sim = await startSimServer({ port: 0, seed: 7, tickMs: 25, ticks: 100_000, apiKey: 'engine-test', ...opts });
  const client = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 1000 });
  const em = new ExecutionManager({ api: client, config });
  await em.init();
  return {
    sim,
    client,
    em,
    close: async () => {
      em.close();
      await client.close();
      await sim.close();
    },
  };
}

/** POST /sim/faults (the simulator's fault switches). */
export async function setFaults(sim: SimServer, params: Record<string, number>): Promise<void> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await request(`${sim.url.replace(/\/v1$/, '')}/sim/faults?${qs.toString()}`, {
    method: 'POST',
    headers: { 'X-API-Key': sim.apiKey },
  });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`/sim/faults answered ${res.statusCode}`);
}

export async function exchangePositions(client: RitClient): Promise<Record<string, number>> {
  return Object.fromEntries((await client.getSecurities()).map((s) => [s.ticker, s.position]));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls orders until nothing is pending or unknown and every live order agrees with the exchange. */
export async function settle(em: ExecutionManager, ms = 3000): Promise<void> {
  await em.drain();
  const end = Date.now() + ms;
  for (;;) {
    await em.pollOrders().catch(() => {});
    const pending = em
      .liveOrders()
      .some((o) => o.state === 'PENDING_NEW' || o.state === 'UNKNOWN' || o.state === 'PENDING_CANCEL');
    if (!pending || Date.now() > end) return;
    await sleep(50);
  }
}
