/**
 * The simulated market against the real capture (the numbers of the shared data/ README beside the repository) and against
 * the fairness goal: a naive strategy loses, spread capture, tender picking and shock arbitrage earn.
 * Runs the exchange in-process (same code the HTTP server drives) for speed.
 */
import { Exchange, defaultConfig, type SimConfig } from '../src';

const mk = (seed: number, edit?: (c: SimConfig) => void): Exchange => {
  const c = defaultConfig();
  c.seed = seed;
  edit?.(c);
  return new Exchange(c);
};
const idx = (ex: Exchange, t: string) => ex.byTicker.get(t)!.idx;
const order = (
  ex: Exchange,
  ticker: string,
  action: 'BUY' | 'SELL',
  type: 'MARKET' | 'LIMIT',
  quantity: number,
  price?: number,
) => {
  try {
    const o = ex.submitOrder(ex.user, { ticker, action, type, quantity, price });
    return 'dryRun' in o ? null : o;
  } catch {
    return null;
  }
};
const finish = (ex: Exchange): number => {
  while (ex.status !== 'STOPPED') ex.step();
  return ex.nlv(ex.user);
};
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const basket = (ex: Exchange) => (ex.mid(idx(ex, 'BULL')) + ex.mid(idx(ex, 'BEAR'))) / ex.mid(idx(ex, 'USD'));
const SEEDS = [1, 2, 3, 4];

describe('market calibration (real capture: spreads 0.06/0.08/0.07, ~10k orders, ~16 prices and ~190k shares in 20 bids)', () => {
  const stats: Record<string, { spread: number[]; size: number[]; distinct: number[]; depth: number[] }> = {};
  beforeAll(() => {
    for (const seed of SEEDS) {
      const ex = mk(seed);
      for (let t = 1; t < 300; t++) {
        ex.step();
        if (t % 10 !== 5) continue;
        for (const tk of ['BULL', 'BEAR', 'RITC']) {
          const b = ex.books[idx(ex, tk)]!;
          const bids = b.bids.collect(20);
          const s = (stats[tk] ??= { spread: [], size: [], distinct: [], depth: [] });
          s.spread.push((b.bestAsk() - b.bestBid()) / 100);
          s.size.push(median(bids.map((o) => o.quantity)));
          s.distinct.push(new Set(bids.map((o) => o.priceInt)).size);
          s.depth.push(bids.reduce((a, o) => a + o.remaining, 0));
        }
      }
    }
  });

  it.each([
    ['BULL', 0.04, 0.09],
    ['BEAR', 0.05, 0.11],
    ['RITC', 0.05, 0.11],
  ])('%s median spread within [%d, %d]', (tk, lo, hi) => {
    const m = median(stats[tk]!.spread);
    expect(m).toBeGreaterThanOrEqual(lo);
    expect(m).toBeLessThanOrEqual(hi);
  });

  it.each(['BULL', 'BEAR', 'RITC'])('%s books: ~10k orders, many distinct prices, ~190k in 20 best bids', (tk) => {
    const s = stats[tk]!;
    expect(median(s.size)).toBeGreaterThanOrEqual(9_000);
    expect(median(s.size)).toBeLessThanOrEqual(11_000);
    expect(median(s.distinct)).toBeGreaterThanOrEqual(12);
    expect(median(s.depth)).toBeGreaterThanOrEqual(150_000);
    expect(median(s.depth)).toBeLessThanOrEqual(230_000);
  });

  it('USD is one deep quote per side, 0.0002 apart', () => {
    const ex = mk(1);
    for (let t = 0; t < 50; t++) ex.step();
    const b = ex.books[idx(ex, 'USD')]!;
    expect(b.bids.collect(10)).toHaveLength(1);
    expect(b.bestAsk() - b.bestBid()).toBe(2);
  });

  it('RITC tracks (BULL + BEAR) / USD', () => {
    const ex = mk(2);
    const gaps: number[] = [];
    for (let t = 0; t < 299; t++) {
      ex.step();
      gaps.push(Math.abs(ex.mid(idx(ex, 'RITC')) - basket(ex)));
    }
    expect(median(gaps)).toBeLessThan(0.15);
  });
});

describe('fairness', () => {
  it('a naive random market-order trader loses', () => {
    let total = 0;
    for (const seed of SEEDS) {
      const ex = mk(seed);
      const r = ex.rng.fork(999);
      for (let t = 0; t < 299; t++) {
        for (const tk of ['BULL', 'BEAR', 'RITC']) order(ex, tk, r.chance(0.5) ? 'BUY' : 'SELL', 'MARKET', 1000);
        ex.step();
      }
      total += finish(ex);
    }
    expect(total).toBeLessThan(0);
  });

  it('a patient market maker (inside the spread, inventory-capped) earns spread + rebates', () => {
    for (const seed of SEEDS) {
      const ex = mk(seed);
      let live: ReturnType<typeof order>[] = [];
      for (let t = 0; t < 299; t++) {
        for (const o of live) if (o?.live) ex.cancelOrder(o);
        live = [];
        for (const tk of ['BULL', 'BEAR', 'RITC']) {
          const i = idx(ex, tk);
          const b = ex.bestBidInt(i);
          const a = ex.bestAskInt(i);
          const pos = ex.user.pos[i]!;
          if (a - b >= 3) {
            if (pos < 8000) live.push(order(ex, tk, 'BUY', 'LIMIT', 2000, (b + 1) / 100));
            if (pos > -8000) live.push(order(ex, tk, 'SELL', 'LIMIT', 2000, (a - 1) / 100));
          }
          if (Math.abs(pos) > 12000)
            order(ex, tk, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.min(10000, Math.abs(pos) - 6000));
        }
        ex.step();
      }
      expect(finish(ex)).toBeGreaterThan(0);
    }
  });

  it('taking only tenders priced well against the basket and unwinding patiently pays', () => {
    let total = 0;
    for (const seed of SEEDS) {
      const ex = mk(seed);
      const i = idx(ex, 'RITC');
      for (let t = 0; t < 299 && ex.status === 'ACTIVE'; t++) {
        ex.step();
        for (const td of [...ex.tenders.active]) {
          const edge = td.action === 'BUY' ? basket(ex) - td.price! : td.price! - basket(ex);
          if (edge <= 0.1) continue;
          try {
            ex.tenders.accept(ex.user, td.tender_id, undefined);
          } catch {
            /* over the limits: skip it */
          }
        }
        const pos = ex.user.pos[i]!;
        if (pos !== 0) {
          for (const o of ex.traderOrders) if (o.live) ex.cancelOrder(o);
          const q = Math.min(10000, Math.abs(pos));
          if (pos > 0) order(ex, 'RITC', 'SELL', 'LIMIT', q, (ex.bestAskInt(i) - 1) / 100);
          else order(ex, 'RITC', 'BUY', 'LIMIT', q, (ex.bestBidInt(i) + 1) / 100);
        }
      }
      total += finish(ex);
    }
    expect(total).toBeGreaterThan(0);
  });

  it('after a RITC shock the mispricing decays, and trading against it pays on average', () => {
    let total = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      // No random shocks, so the measured decay is that of the one we post.
      const ex = mk(seed, (c) => void (c.etf.shockProbPerTick = 0));
      for (let t = 0; t < 50; t++) ex.step();
      ex.market.shockNow('RITC', 0.5);
      expect(ex.mid(idx(ex, 'RITC')) - basket(ex)).toBeGreaterThan(0.35);
      for (let k = 0; k < 3; k++) order(ex, 'RITC', 'SELL', 'MARKET', 10000);
      let mis = Infinity;
      for (let k = 0; k < 60 && mis >= 0.05; k++) {
        ex.step();
        mis = ex.mid(idx(ex, 'RITC')) - basket(ex);
      }
      expect(mis).toBeLessThan(0.2);
      for (let k = 0; k < 3; k++) order(ex, 'RITC', 'BUY', 'MARKET', 10000);
      total += finish(ex);
    }
    expect(total).toBeGreaterThan(0);
  });
});
