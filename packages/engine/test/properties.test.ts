import fc from 'fast-check';
import { RiskGate, type GateOrder } from '../src/risk/risk-gate';
import { groupUsage, withinLimits, type TickerExposure } from '../src/risk/worst-case';
import { resolveConfig } from '../src/config';
import { toEngineSecurity } from '../src/securities';
import { FakeExchange, makeSecurity } from './fake-exchange';
import { setup } from './helpers';

type Op =
  | {
      k: 'order';
      ticker: 'RITC' | 'BULL' | 'BEAR';
      type: 'MARKET' | 'LIMIT';
      action: 'BUY' | 'SELL';
      qty: number;
      away: number;
    }
  | { k: 'fill'; pick: number; qty: number }
  | { k: 'cancel'; pick: number }
  | { k: 'poll' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    k: fc.constant('order' as const),
    ticker: fc.constantFrom('RITC' as const, 'BULL' as const, 'BEAR' as const),
    type: fc.constantFrom('MARKET' as const, 'LIMIT' as const),
    action: fc.constantFrom('BUY' as const, 'SELL' as const),
    qty: fc.integer({ min: 1, max: 25_000 }),
    away: fc.integer({ min: -2, max: 20 }),
  }),
  fc.record({ k: fc.constant('fill' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 8000 }) }),
  fc.record({ k: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.constant({ k: 'poll' as const }),
);

describe('properties', () => {
  it('positions always equal the sum of booked fills, and the exchange after a final poll', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const ex = new FakeExchange();
        ex.limitList[0]!.gross_limit = 1e9;
        ex.limitList[0]!.net_limit = 1e9;
        const { em } = await setup({}, ex);
        for (const op of ops) {
          const open = [...ex.orders.values()].filter((o) => o.status === 'OPEN');
          if (op.k === 'order') {
            const s = ex.securities[op.ticker]!;
            const price = op.action === 'BUY' ? s.bid - op.away * 0.01 : s.ask + op.away * 0.01; // away < 0 crosses
            em.submit([
              { ticker: op.ticker, type: op.type, action: op.action, quantity: op.qty, price, source: 'ARBITRAGE' },
            ]);
          } else if (op.k === 'fill' && open.length) {
            ex.fillResting(open[op.pick % open.length]!.order_id!, op.qty);
          } else if (op.k === 'cancel') {
            const mine = em.openOrderViews();
            if (mine.length) await em.pullOrders([mine[op.pick % mine.length]!.orderId]);
          } else {
            await em.pollOrders();
          }
        }
        await em.drain();
        await em.pollOrders();
        const sum: Record<string, number> = {};
        for (const e of em.bus.events)
          if (e.type === 'fill') sum[e.ticker] = (sum[e.ticker] ?? 0) + (e.action === 'BUY' ? e.quantity : -e.quantity);
        for (const t of ['RITC', 'BULL', 'BEAR']) {
          expect(em.positions.position(t)).toBe(sum[t] ?? 0);
          expect(em.positions.position(t)).toBe(ex.position(t));
        }
        expect(em.positions.position('USD')).toBeCloseTo(ex.position('USD'), 4);
      }),
      { numRuns: 60 },
    );
  });

  it('the risk gate never admits a set whose worst case breaches a limit', () => {
    const secs = Object.fromEntries(
      ['RITC', 'BULL', 'BEAR', 'USD'].map((t) => {
        const units = t === 'RITC' ? 0.5 : 1;
        const s = makeSecurity(t, { limits: t === 'USD' ? [] : [{ name: 'L', units }] });
        return [t, toEngineSecurity(s, 'auto')];
      }),
    );
    const expArb = fc.record({
      position: fc.integer({ min: -20_000, max: 20_000 }),
      buys: fc.integer({ min: 0, max: 10_000 }),
      sells: fc.integer({ min: 0, max: 10_000 }),
    });
    const orderArb = fc.record({
      ticker: fc.constantFrom('RITC', 'BULL', 'BEAR', 'USD'),
      type: fc.constant('MARKET' as const),
      action: fc.constantFrom('BUY' as const, 'SELL' as const),
      quantity: fc.integer({ min: 1, max: 10_000 }),
      source: fc.constant('ARBITRAGE' as const),
    });
    fc.assert(
      fc.property(
        fc.record({ RITC: expArb, BULL: expArb, BEAR: expArb }),
        fc.array(orderArb, { maxLength: 30 }),
        fc.integer({ min: 10_000, max: 200_000 }),
        fc.integer({ min: 5_000, max: 100_000 }),
        (exposures, orders, grossLimit, netLimit) => {
          const group = { name: 'L', grossLimit, netLimit };
          const ex: Record<string, TickerExposure> = exposures;
          fc.pre(withinLimits(groupUsage(group, ex, secs)));
          const gate = new RiskGate({
            config: resolveConfig(),
            securities: () => secs,
            limits: () => [group],
            exposures: () => ex,
            quote: () => null,
            caseActive: () => true,
            emit: () => {},
            now: () => 0,
            tick: () => 0,
          });
          const { admitted } = gate.admit<GateOrder>(orders);
          const after: Record<string, TickerExposure> = JSON.parse(JSON.stringify(ex));
          for (const o of admitted) {
            const x = (after[o.ticker] ??= { position: 0, buys: 0, sells: 0 });
            if (o.action === 'BUY') x.buys += o.quantity;
            else x.sells += o.quantity;
          }
          expect(withinLimits(groupUsage(group, after, secs))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
