/**
 * Habit 1: the server outlives the case. Run as a user runs it (its own process, real HTTP): after
 * the last tick the status is STOPPED, every endpoint keeps answering, orders are refused with a JSON
 * error, /trader holds the final nlv, POST /sim/reset starts a new case, and the process exits on
 * SIGTERM or after --exit-after-end.
 */
import { request } from 'undici';
import { spawnSim, type SimProcess } from './process';

const KEY = 'stop-key';
const H = { 'X-API-Key': KEY };

async function j(url: string, method: 'GET' | 'POST' | 'DELETE' = 'GET') {
  const r = await request(url, { method, headers: H });
  const text = await r.body.text();
  return { status: r.statusCode, body: JSON.parse(text) as Record<string, unknown> & unknown[] };
}

async function pollUntilStopped(p: SimProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const c = await j(`${p.url}/case`);
    if (c.body.status === 'STOPPED') return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('case never STOPPED');
}

describe('the server outlives the case (standalone process)', () => {
  it('serves STOPPED, refuses orders, keeps the final nlv, resets, and exits on SIGTERM', async () => {
    const p = await spawnSim(['--api-key', KEY, '--tick-ms', '10', '--ticks', '25', '--seed', '3']);
    try {
      // Trade during the case so the final nlv is not trivially 0.
      const o = await j(`${p.url}/orders?ticker=BULL&type=MARKET&action=BUY&quantity=1000`, 'POST');
      expect(o.status).toBe(200);
      await pollUntilStopped(p);
      await p.waitFor(/Case ended at tick 25 \(status STOPPED\); final results:/);
      await p.waitFor(/#1 TRADER1 nlv -?\d+\.\d\d CAD/);
      for (const path of [
        '/case',
        '/trader',
        '/limits',
        '/news',
        '/securities',
        '/securities/book?ticker=RITC',
        '/securities/tas?ticker=BULL',
        '/securities/history?ticker=BULL',
        '/orders?status=TRANSACTED',
        '/tenders',
        '/assets',
        '/leases',
      ]) {
        const r = await j(`${p.url}${path}`);
        expect([path, r.status]).toEqual([path, 200]);
      }
      const c = await j(`${p.url}/case`);
      expect(c.body).toMatchObject({ status: 'STOPPED', tick: 25 });
      const trader = await j(`${p.url}/trader`);
      const acct = await j(`${p.root}/sim/account`);
      expect(trader.body.nlv).toBe((acct.body.traders as { nlv: number }[])[0]?.nlv);
      expect(trader.body.nlv).not.toBe(0);
      // Every position is closed out: the account holds only CAD.
      const secs = (await j(`${p.url}/securities`)).body as unknown as { ticker: string; position: number }[];
      for (const s of secs) if (s.ticker !== 'CAD') expect([s.ticker, s.position]).toEqual([s.ticker, 0]);
      const refused = await j(`${p.url}/orders?ticker=BULL&type=MARKET&action=BUY&quantity=100`, 'POST');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'CASE_NOT_ACTIVE' });
      expect(refused.body.message).toMatch(/STOPPED/);
      // Still there a while later.
      await new Promise((r) => setTimeout(r, 300));
      expect((await j(`${p.url}/case`)).body.status).toBe('STOPPED');
      // A new case on the same server.
      const reset = await j(`${p.root}/sim/reset?seed=4`, 'POST');
      expect(reset.body).toMatchObject({ seed: 4, tick: 0, status: 'ACTIVE' });
      await p.waitFor(/New case \(reset\): seed 4/);
      const again = await j(`${p.url}/orders?ticker=BULL&type=MARKET&action=BUY&quantity=100`, 'POST');
      expect(again.status).toBe(200);
      await pollUntilStopped(p);
      await p.waitFor(/Case ended at tick 25[^]*Case ended at tick 25/);
    } finally {
      p.proc.kill('SIGTERM');
    }
    expect(await p.exited()).toBe(0);
    expect(p.output()).toMatch(/Stopping \(signal\)/);
  });

  it('exits by itself --exit-after-end seconds after the case ends', async () => {
    const p = await spawnSim(['--api-key', KEY, '--tick-ms', '5', '--ticks', '20', '--exit-after-end', '0.5']);
    try {
      await pollUntilStopped(p);
      const stoppedAt = Date.now();
      expect((await j(`${p.url}/trader`)).status).toBe(200);
      expect(await p.exited()).toBe(0);
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(300);
      expect(p.output()).toMatch(/Exiting \(--exit-after-end\)/);
    } finally {
      if (p.proc.exitCode === null) p.proc.kill('SIGTERM');
    }
  });
});
