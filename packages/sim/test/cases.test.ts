/**
 * Every shipped case: served over HTTP and traded to the end (orders, tenders, news), and fair: a
 * strategy following the case's idea earns, random trading loses (in-process, same exchange code).
 */
import { Exchange, configForCase, loadCase, type SimConfig } from '../src';
import { KEY, del, get, post, startSim, type JsonBody } from './helpers';
import { blackScholes } from '../src/market/black-scholes';

const NEW_CASES = [
  'ritc-2022-etf',
  'algo2',
  'algo2e',
  'ritc-2026-mm',
  'ritc-2024-etf',
  'lt3',
  'ritcx-stat-arb',
  'algo1',
  'liquidity-risk',
  'liquidity-risk@2',
  'volatility',
];
const SEEDS = [1, 2, 3, 4, 5, 6];

describe.each(NEW_CASES)('case %s over HTTP', (name) => {
  it('serves its securities and limit groups and trades to the end', async () => {
    const file = loadCase(name);
    // The per-ticker rate limit is lifted: the test sends its orders as fast as HTTP allows.
    const scenario = { securities: file.securities.map((x) => ({ ticker: x.ticker, apiOrdersPerSecond: 1_000_000 })) };
    const s = await startSim({ case: name, apiKey: KEY, scenario });
    try {
      const c = await get(s, '/case');
      expect(c.body.name).toBe(file.title);
      const secs = (await get(s, '/securities')).body as JsonBody[];
      expect(secs.map((x: JsonBody) => x.ticker)).toEqual(file.securities.map((x) => x.ticker));
      const lim = (await get(s, '/limits')).body as JsonBody[];
      const want = file.limits.groups.map((g) => g.name);
      if (file.limits.cashGroup) want.push('LIMIT-CASH');
      expect(lim.map((l: JsonBody) => l.name)).toEqual(want);
      const news = (await get(s, '/news')).body as JsonBody[];
      expect(news.some((n: JsonBody) => /Welcome/.test(n.headline))).toBe(true);
      const tradeable = file.securities.filter((x) => x.isTradeable && x.type !== 'CURRENCY');
      if (file.converters.enabled && file.converters.apiEnabled) await convertOnce(s);
      for (const v of file.securities.filter((x) => x.venueOf !== undefined))
        await venueOnce(s, v.ticker, v.venueOf ?? '');
      let tenders = 0;
      for (let tick = 0; tick < file.clock.ticksPerPeriod; tick += 10) {
        for (const sec of tradeable) {
          const book = (await get(s, '/securities/book', { ticker: sec.ticker })).body;
          const bid = book.bids[0]?.price as number | undefined;
          const r1 = await post(s, '/orders', { ticker: sec.ticker, type: 'MARKET', action: 'BUY', quantity: 100 });
          expect([200, 422]).toContain(r1.status);
          if (bid !== undefined) {
            const r2 = await post(s, '/orders', {
              ticker: sec.ticker,
              type: 'LIMIT',
              action: 'SELL',
              quantity: 100,
              price: bid + 0.05,
            });
            expect([200, 422]).toContain(r2.status);
          }
        }
        for (const t of (await get(s, '/tenders')).body as JsonBody[]) {
          const book = (await get(s, '/securities/book', { ticker: t.ticker })).body;
          const touch = (t.action === 'BUY' ? book.bids[0]?.price : book.asks[0]?.price) as number | undefined;
          const r = await post(s, `/tenders/${t.tender_id}`, t.is_fixed_bid ? {} : { price: touch ?? 10 });
          expect([200, 422]).toContain(r.status);
          tenders++;
        }
        if (tick === 150)
          for (const ix of file.securities.filter((x) => x.type === 'INDEX')) {
            // A non-tradable index has no book; its price process moves its last price.
            const row = ((await get(s, '/securities', { ticker: ix.ticker })).body as JsonBody[])[0];
            expect(row.last).not.toBe(ix.startPrice);
            expect(
              (await post(s, '/orders', { ticker: ix.ticker, type: 'MARKET', action: 'BUY', quantity: 1 })).status,
            ).toBe(400);
          }
        await post(s, '/sim/advance', { ticks: 10 });
      }
      await post(s, '/sim/advance', { ticks: 5 });
      expect((await get(s, '/case')).body.status).toBe('STOPPED');
      const acct = (await get(s, '/sim/account')).body;
      const me = acct.traders[0];
      expect(typeof me.score).toBe('number');
      expect(me.scoring_rule).toBe(file.scoring.rule);
      expect(Number.isFinite(me.nlv)).toBe(true);
      if (file.tenders.enabled) expect(tenders).toBeGreaterThan(0);
      const allNews = (await get(s, '/news')).body as JsonBody[];
      if (file.limits.changes.length > 0)
        expect(allNews.some((n: JsonBody) => n.headline === file.limits.changes[0]?.news?.headline)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

/** Uses every creation converter once over the API: buys its stock inputs, converts, sees the ETF arrive. */
async function convertOnce(s: Awaited<ReturnType<typeof startSim>>): Promise<void> {
  const assets = (await get(s, '/assets')).body as JsonBody[];
  const creations = assets.filter((a: JsonBody) => /-Creation$/.test(a.ticker));
  expect(creations.length).toBeGreaterThan(0);
  const position = async (t: string): Promise<number> =>
    ((await get(s, '/securities', { ticker: t })).body as JsonBody[])[0].position as number;
  for (const a of creations) {
    const params: Record<string, string | number> = {};
    (a.convert_from as JsonBody[]).forEach((x: JsonBody, i: number) => {
      params[`from${i + 1}`] = x.ticker;
      params[`quantity${i + 1}`] = x.quantity;
    });
    for (const x of a.convert_from as JsonBody[]) {
      if (['CAD', 'USD'].includes(x.ticker as string)) continue;
      const r = await post(s, '/orders', { ticker: x.ticker, type: 'MARKET', action: 'BUY', quantity: x.quantity });
      expect(r.status).toBe(200);
    }
    const out = (a.convert_to as JsonBody[])[0];
    const before = await position(out.ticker);
    const lease = await post(s, '/leases', { ticker: a.ticker, ...params });
    expect(lease.status).toBe(200);
    await post(s, '/sim/advance', { ticks: a.ticks_per_conversion });
    expect(await position(out.ticker)).toBe(before + (out.quantity as number));
    expect((await del(s, `/leases/${lease.body.id}`)).status).toBe(200);
  }
}

/** Buys on one venue, sells on the other: the one position goes up and back to 0, shown on both tickers. */
async function venueOnce(s: Awaited<ReturnType<typeof startSim>>, venue: string, primary: string): Promise<void> {
  const position = async (t: string): Promise<number> =>
    ((await get(s, '/securities', { ticker: t })).body as JsonBody[])[0].position as number;
  const order = (ticker: string, action: string) =>
    post(s, '/orders', { ticker, type: 'MARKET', action, quantity: 500 });
  expect((await order(venue, 'BUY')).status).toBe(200);
  expect(await position(primary)).toBe(500);
  expect(await position(venue)).toBe(500);
  expect((await order(primary, 'SELL')).status).toBe(200);
  expect(await position(primary)).toBe(0);
  expect(await position(venue)).toBe(0);
}

const mk = (name: string, seed: number): Exchange => {
  const c: SimConfig = configForCase(name);
  c.seed = seed;
  c.clock = 'manual';
  return new Exchange(c);
};
const tryOrder = (
  ex: Exchange,
  ticker: string,
  action: 'BUY' | 'SELL',
  type: 'MARKET' | 'LIMIT',
  q: number,
  price?: number,
) => {
  try {
    ex.submitOrder(ex.user, { ticker, action, type, quantity: q, price });
  } catch {
    // a refused order (limit, price band) is part of the strategy's risk, not a test failure
  }
};

/** Random trading: market orders of random side and size on random securities. */
function randomTrader(ex: Exchange, seed: number): number {
  let x = seed * 7919 + 13;
  const rnd = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const secs = ex.metas.filter((m) => m.cfg.isTradeable && !m.isCurrency);
  while (ex.status !== 'STOPPED') {
    const m = secs[Math.floor(rnd() * secs.length)];
    if (m !== undefined && rnd() < 0.5)
      tryOrder(ex, m.ticker, rnd() < 0.5 ? 'BUY' : 'SELL', 'MARKET', 100 * Math.ceil(rnd() * 10));
    ex.step();
  }
  return ex.score(ex.user);
}

/**
 * Market making: each tick, cancel and re-quote one tick inside the touch on both sides (when the
 * spread allows), a size that keeps within the limit, leaning against the inventory; flatten when
 * the inventory is large.
 */
function marketMaker(ex: Exchange, size: number, maxPos: number): number {
  const secs = ex.metas.filter((m) => m.cfg.isTradeable && !m.isCurrency);
  while (ex.status !== 'STOPPED') {
    for (const o of [...ex.orders.values()]) if (o.owner === ex.user.idx && o.live) ex.cancelOrder(o);
    for (const m of secs) {
      const b = ex.bestBidInt(m.idx);
      const a = ex.bestAskInt(m.idx);
      if (!Number.isFinite(b) || !Number.isFinite(a)) continue;
      const pos = ex.user.position(m);
      const inside = a - b > 2;
      const bid = (inside ? b + 1 : b) / m.scale;
      const ask = (inside ? a - 1 : a) / m.scale;
      if (pos < maxPos) tryOrder(ex, m.ticker, 'BUY', 'LIMIT', size, bid);
      if (pos > -maxPos) tryOrder(ex, m.ticker, 'SELL', 'LIMIT', size, ask);
    }
    ex.step();
  }
  return ex.score(ex.user);
}

/** ETF arbitrage: trade each ETF listing against its basket when its book is far from the basket's value. */
function etfArb(ex: Exchange, tickers: string[] = ['RITC']): number {
  const etfs = tickers.map((t) => {
    const m = ex.byTicker.get(t);
    if (m === undefined) throw new Error(`no ${t}`);
    return m;
  });
  while (ex.status !== 'STOPPED') {
    for (const m of etfs) {
      const basket = ex.basketMid(m);
      const bid = ex.bestBidInt(m.idx) / m.scale;
      const ask = ex.bestAskInt(m.idx) / m.scale;
      const pos = ex.user.position(m);
      if (bid - basket > 0.15 && pos > -20_000) tryOrder(ex, m.ticker, 'SELL', 'MARKET', 5000);
      else if (basket - ask > 0.15 && pos < 20_000) tryOrder(ex, m.ticker, 'BUY', 'MARKET', 5000);
      else if (Math.abs(bid + ask - 2 * basket) < 0.04 && pos !== 0)
        tryOrder(ex, m.ticker, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.min(5000, Math.abs(pos)));
    }
    ex.step();
  }
  return ex.score(ex.user);
}

/**
 * Liability trading: accept a tender whose price beats the touch it would be unwound against (by
 * `edge`), then unwind every position with market orders of up to `chunk` shares a tick.
 */
function tenderTrader(ex: Exchange, edge: number, chunk: number): number {
  while (ex.status !== 'STOPPED') {
    for (const t of ex.tenders.activeFor(ex.user)) {
      const m = ex.meta(t.ticker);
      const exit = t.action === 'BUY' ? ex.bestBidInt(m.idx) / m.scale : ex.bestAskInt(m.idx) / m.scale;
      // A competitive tender is bid `edge` inside the exit price (it fills if that clears the reserve).
      const price = t.price ?? (t.action === 'BUY' ? exit - edge : exit + edge);
      const gain = t.action === 'BUY' ? exit - price : price - exit;
      try {
        if (t.price === null) ex.tenders.accept(ex.user, t.tender_id, price);
        else if (gain > edge) ex.tenders.accept(ex.user, t.tender_id, undefined);
        else ex.tenders.decline(ex.user, t.tender_id);
      } catch {
        // a tender refused for the limits is declined by letting it expire
      }
    }
    for (const m of ex.metas.filter((x) => x.cfg.isTradeable && !x.isCurrency)) {
      const pos = ex.user.position(m);
      if (pos !== 0) tryOrder(ex, m.ticker, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.min(chunk, Math.abs(pos)));
    }
    ex.step();
  }
  return ex.score(ex.user);
}

/**
 * Statistical arbitrage: each stock's residual against the index, ln(mid / start) − beta ·
 * ln(index / index start), is traded against: short above `entry`, long below −entry, flat near 0.
 */
function statArb(ex: Exchange, index: string, betas: Record<string, number>, entry: number, size: number): number {
  const ix = ex.meta(index);
  const i0 = ix.cfg.startPrice;
  while (ex.status !== 'STOPPED') {
    const level = (ex.lastInt[ix.idx] ?? NaN) / ix.scale;
    for (const [t, beta] of Object.entries(betas)) {
      const m = ex.meta(t);
      const r = Math.log(ex.mid(m.idx) / m.cfg.startPrice) - beta * Math.log(level / i0);
      const pos = ex.user.position(m);
      if (r > entry && pos > -size) tryOrder(ex, t, 'SELL', 'MARKET', size + pos);
      else if (r < -entry && pos < size) tryOrder(ex, t, 'BUY', 'MARKET', size - pos);
      else if (Math.abs(r) < entry / 4 && pos !== 0) tryOrder(ex, t, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.abs(pos));
    }
    ex.step();
  }
  return ex.score(ex.user);
}

/**
 * Two-venue arbitrage: when one venue's best bid is above the other's best offer by more than the
 * two taker fees, buy the offer and sell the bid (the touch's size, at most `size`); the position is
 * one, so the pair leaves it flat.
 */
function venueArb(ex: Exchange, a: string, b: string, size: number): number {
  const ma = ex.meta(a);
  const mb = ex.meta(b);
  const fees = ma.cfg.tradingFee + mb.cfg.tradingFee;
  const touch = (m: typeof ma, bid: boolean): { price: number; qty: number } => {
    const book = ex.book(m);
    const lvl = (bid ? book.bids : book.asks).best();
    return lvl === undefined ? { price: NaN, qty: 0 } : { price: lvl.priceInt / m.scale, qty: lvl.qty };
  };
  while (ex.status !== 'STOPPED') {
    for (const [hi, lo] of [
      [ma, mb],
      [mb, ma],
    ] as const) {
      const bid = touch(hi, true);
      const ask = touch(lo, false);
      if (bid.price - ask.price > fees + 0.005) {
        const q = Math.min(size, bid.qty, ask.qty);
        tryOrder(ex, lo.ticker, 'BUY', 'LIMIT', q, ask.price);
        tryOrder(ex, hi.ticker, 'SELL', 'LIMIT', q, bid.price);
      }
    }
    const pos = ex.user.position(ma);
    if (pos !== 0) tryOrder(ex, a, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.abs(pos));
    ex.step();
  }
  return ex.score(ex.user);
}

/**
 * Volatility trading: price every option by Black–Scholes with the volatility the latest news
 * announced; buy those offered `edge` below that value and sell those bid `edge` above it (up to
 * `maxPos` contracts each), close an option once its market has caught up, and keep the portfolio
 * delta (own model deltas) within `hedgeAt` with the underlying.
 */
function volTrader(ex: Exchange, edge: number, maxPos: number, hedgeAt: number): number {
  const opts = ex.metas.flatMap((m) => {
    const p = ex.cfg.processes[m.ticker];
    return p?.kind === 'option' ? [{ m, p }] : [];
  });
  const und = ex.meta('RTM');
  let vol = NaN;
  let seen = 0;
  while (ex.status !== 'STOPPED') {
    for (; seen < ex.news.length; seen++) {
      const hit = /volatility for week \d+: (\d+)%/.exec(ex.news[seen]?.headline ?? '');
      if (hit?.[1] !== undefined) vol = Number(hit[1]) / 100;
    }
    const s = ex.mid(und.idx);
    let delta = ex.user.position(und);
    for (const { m, p } of opts) {
      const years = Math.max(0, p.expiryTick - ex.tick) / p.ticksPerYear;
      const model = blackScholes(p.putCall, s, p.strike, years, vol, p.annualRate);
      const bid = ex.bestBidInt(m.idx) / m.scale;
      const ask = ex.bestAskInt(m.idx) / m.scale;
      const pos = ex.user.position(m);
      if (Number.isFinite(vol) && model.price - ask > edge && pos < maxPos)
        tryOrder(ex, m.ticker, 'BUY', 'LIMIT', 10, ask);
      else if (Number.isFinite(vol) && bid - model.price > edge && pos > -maxPos)
        tryOrder(ex, m.ticker, 'SELL', 'LIMIT', 10, bid);
      else if (pos !== 0 && Math.abs((bid + ask) / 2 - model.price) < edge / 3)
        tryOrder(ex, m.ticker, pos > 0 ? 'SELL' : 'BUY', 'MARKET', Math.min(100, Math.abs(pos)));
      delta += ex.user.position(m) * m.cfg.multiplier * (Number.isFinite(vol) ? model.delta : 0);
    }
    if (Math.abs(delta) > hedgeAt)
      tryOrder(ex, 'RTM', delta > 0 ? 'SELL' : 'BUY', 'MARKET', Math.min(10_000, Math.round(Math.abs(delta))));
    ex.step();
  }
  return ex.score(ex.user);
}

const STRATEGY: Record<string, (ex: Exchange) => number> = {
  volatility: (ex) => volTrader(ex, 0.08, 50, 2000),
  algo1: (ex) => venueArb(ex, 'CRZY_M', 'CRZY_A', 3000),
  'ritcx-stat-arb': (ex) => statArb(ex, 'RTXI', { AAA: 0.8, BBB: 1, CCC: 1.3 }, 0.008, 5000),
  lt3: (ex) => tenderTrader(ex, 0.01, 3000),
  'liquidity-risk': (ex) => tenderTrader(ex, 0.03, 4000),
  'liquidity-risk@2': (ex) => tenderTrader(ex, 0.03, 4000),
  'ritc-2022-etf': (ex) => etfArb(ex),
  algo2: (ex) => marketMaker(ex, 1000, 8000),
  algo2e: (ex) => marketMaker(ex, 500, 4000),
  'ritc-2026-mm': (ex) => marketMaker(ex, 500, 2000),
  'ritc-2024-etf': (ex) => etfArb(ex, ['RITC', 'RITU']),
};

describe.each(NEW_CASES)('case %s is fair', (name) => {
  it("the case's idea earns on average, random trading loses on average", () => {
    const idea: number[] = [];
    const rand: number[] = [];
    for (const seed of SEEDS) {
      const strat = STRATEGY[name];
      if (strat === undefined) throw new Error(`no strategy for ${name}`);
      idea.push(strat(mk(name, seed)));
      rand.push(randomTrader(mk(name, seed), seed));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(name, 'idea', idea.map(Math.round), 'random', rand.map(Math.round));
    expect(mean(idea)).toBeGreaterThan(0);
    expect(mean(rand)).toBeLessThan(0);
    expect(mean(idea)).toBeGreaterThan(mean(rand));
  });
});
