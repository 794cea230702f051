/**
 * Integration: the arbitrage decision function against the real simulator over HTTP. The simulator runs
 * on a manual clock; each step advances one tick, reads /securities, builds the context (books at the
 * touch, ARBITRAGE positions = the trader's), decides, and sends the orders as the engine would. A
 * /sim/shock pushes RITC away from its basket; the strategy must enter against it and get out on the
 * reversion with a profit. Deterministic: same seed + same orders at the same ticks = same market.
 */
import { request } from 'undici';
import { RitClient } from '@ritc/rit-client';
import { startSimServer, type SimServer } from '@ritc/sim';
import { DEFAULT_ARB_PARAMS, searchForArbitrage, type ArbitrageMemory } from '../src';
import { makeContext, LEGS_2020 } from '../src/testing';

// Set by the test body; unset when it failed before starting them.
let sim: SimServer | undefined;
let client: RitClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

function running(): { sim: SimServer; client: RitClient } {
  if (!sim || !client) throw new Error('the simulator and its client are not started');
  return { sim, client };
}

async function shock(size: number): Promise<void> {
  const { sim } = running();
  const res = await request(`${sim.url.replace(/\/v1$/, '')}/sim/shock?ticker=RITC&size=${size}`, {
    method: 'POST',
    headers: { 'X-API-Key': sim.apiKey },
  });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`/sim/shock answered ${res.statusCode}`);
}

/** One decision on the simulator's current state; its orders are sent as MARKET orders. */
async function step(memory: unknown): Promise<{ memory: ArbitrageMemory; action: string | null; sent: number }> {
  const { sim, client } = running();
  const secs = await client.getSecurities();
  const tick = sim.exchange.tick;
  const books: Record<string, [number, number]> = {};
  const positions: Record<string, { ARBITRAGE: number }> = {};
  for (const s of secs) {
    if (s.ticker === 'CAD') continue;
    books[s.ticker] = [s.bid, s.ask];
    positions[s.ticker] = { ARBITRAGE: s.position };
  }
  const ctx = makeContext({
    tick,
    books,
    positions,
    memory,
    snapshots: Object.fromEntries(Object.keys(books).map((t) => [t, { tick }])),
  });
  const out = searchForArbitrage(ctx, { ...DEFAULT_ARB_PARAMS, ...LEGS_2020.arbitrage, exitAt: 'reversion' });
  for (const o of out.orders)
    await client.postOrder({ ticker: o.ticker, type: 'MARKET', action: o.action, quantity: o.quantity });
  const action = typeof out.metrics['arb.action'] === 'string' ? out.metrics['arb.action'] : null;
  return { memory: out.memory, action, sent: out.orders.length };
}

describe('arbitrage against the simulator', () => {
  it('enters against a /sim/shock dislocation of RITC and exits on its reversion with a profit', async () => {
    sim = await startSimServer({
      port: 0,
      seed: 11,
      tickMs: 0,
      ticks: 300,
      apiKey: 'arb-test',
      scenario: { etf: { shockProbPerTick: 0 }, tenders: { enabled: false } },
    });
    client = new RitClient({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 2000 });
    let memory: unknown = null;
    // 40 quiet ticks: the strategy samples one row per tick and calibrates.
    for (let t = 0; t < 40; t++) {
      sim.advance(1);
      const r = await step(memory);
      memory = r.memory;
      expect(r.sent).toBe(0); // no shocks in this scenario: nothing worth the round trip
    }
    expect((memory as ArbitrageMemory).model).not.toBeNull();

    await shock(0.6);
    const r = await step(memory);
    memory = r.memory;
    expect(r.action).toMatch(/^enter SHORT 5000/);
    expect(r.sent).toBe(4); // RITC, BULL, BEAR and the USD hedge
    const entryTick = sim.exchange.tick;

    let exit: string | null = null;
    for (let t = 0; t < 80 && exit === null; t++) {
      sim.advance(1);
      const s = await step(memory);
      memory = s.memory;
      if (s.action?.startsWith('exit')) exit = s.action;
    }
    expect(exit).toMatch(/^exit SHORT: reverted/);
    expect(sim.exchange.tick - entryTick).toBeLessThan(80);
    // Flat in every leg; the USD hedge is sized at the RITC touch, so what is left is the RITC fills'
    // slippage beyond it (a few cents on 5,000 shares), not the ETF notional (~125,000 USD).
    const after = Object.fromEntries((await client.getSecurities()).map((s) => [s.ticker, s.position]));
    expect([after.RITC, after.BULL, after.BEAR]).toEqual([0, 0, 0]);
    expect(Math.abs(after.USD ?? Infinity)).toBeLessThan(500);
    expect((await client.getTrader()).nlv).toBeGreaterThan(0);
  });
});
