/** Handlers of the RIT Client REST API v1: every endpoint a RIT client serves under /v1. */
import type { CancelResult, News, Ohlc, Order, SuccessResult, Tas, TickerQuantity } from '@ritc/rit-client';
import { SimError, badRequest } from '../errors';
import type { Exchange } from '../exchange/exchange';
import type { Account } from '../exchange/accounts';
import type { SecMeta } from '../exchange/securities';
import type { SimOrder } from '../book/order';
import { Router } from './router';
import type { Params } from './params';
import { parseCancelQuery } from './cancel-query';
import { bookJson, caseJson, dryRunJson, limitsJson, orderJson, securityJson, traderJson } from './serialize';
import type { RateLimiter } from './rate-limit';
import type { LatencyRecorder } from './latency';
import { at } from '../util/checked';

export interface ApiCtx {
  ex: Exchange;
  acct: Account;
  params: Params;
  arrivedMs: number;
  /** The request's time on the order-rate clock, ms (wall time, or case time on the virtual clock). */
  rateMs: number;
  /** Extra response headers. */
  headers: Record<string, string>;
  limiter: RateLimiter;
  latency: LatencyRecorder;
  /** Cache of serialized books: key -> [book version, JSON]. */
  bookCache: Map<string, [number, string]>;
}

/** A pre-serialized JSON body (skips JSON.stringify in the server). */
export class RawJson {
  constructor(readonly body: string) {}
}

export class RateLimitError extends SimError {
  constructor(
    readonly waitS: number,
    ticker: string,
    perSecond: number,
  ) {
    super(429, 'RATE_LIMIT_EXCEEDED', `Rate limit exceeded: at most ${perSecond} orders per second on ${ticker}`);
  }
}

export const MAX_LIMIT = 100_000;

export function buildApiRouter(): Router<ApiCtx> {
  const r = new Router<ApiCtx>();
  r.add('GET', '/case', ({ ex }) => caseJson(ex));
  r.add('GET', '/trader', ({ ex, acct }) => traderJson(ex, acct));
  r.add('GET', '/limits', ({ ex, acct }) => limitsJson(ex, acct));
  r.add('GET', '/news', getNews);
  r.add('GET', '/assets', ({ ex, params }) => {
    const t = params.str('ticker');
    return t ? [ex.converters.asset(t)] : ex.converters.assets;
  });
  r.add('GET', '/assets/history', ({ ex, params }) => {
    const t = params.str('ticker');
    if (t) ex.converters.asset(t);
    const period = params.int('period', 1);
    const limit = params.int('limit', 0, MAX_LIMIT);
    let list = ex.converters.history.filter(
      (h) => (!t || h.ticker === t) && (period === undefined || period === ex.period),
    );
    if (limit !== undefined) list = list.filter((h) => h.tick >= ex.tick - limit);
    return [...list].reverse();
  });
  r.add('GET', '/securities', ({ ex, acct, params }) => {
    const t = params.str('ticker');
    if (t !== undefined) return [securityJson(ex, ex.meta(t), acct)];
    return ex.metas.map((m) => securityJson(ex, m, acct));
  });
  r.add('GET', '/securities/book', getBook);
  r.add('GET', '/securities/history', getHistory);
  r.add('GET', '/securities/tas', getTas);
  r.add('GET', '/orders', ({ ex, acct, params }) => {
    const status = params.oneOf('status', ['OPEN', 'TRANSACTED', 'CANCELLED'] as const, false) ?? 'OPEN';
    const out: Order[] = [];
    const list = ex.traderOrders;
    for (let i = list.length - 1; i >= 0; i--) {
      const o = at(list, i);
      if (o.owner === acct.idx && o.status === status) out.push(orderJson(ex, o, acct));
    }
    return out;
  });
  r.add('POST', '/orders', postOrder);
  r.add('GET', '/orders/:id', ({ ex, acct }, [id]) => orderJson(ex, ex.traderOrder(acct, parseId(id!, 'order')), acct));
  r.add('DELETE', '/orders/:id', ({ ex, acct }, [id]) => {
    const o = ex.traderOrder(acct, parseId(id!, 'order'));
    if (!ex.cancelOrder(o))
      throw new SimError(400, 'ORDER_NOT_OPEN', `Order ${o.id} is ${o.status}, not OPEN; nothing to cancel`);
    return { success: true } satisfies SuccessResult;
  });
  r.add('POST', '/commands/cancel', cancelCommand);
  r.add('GET', '/tenders', ({ ex, acct, latency, arrivedMs }) => {
    const list = ex.tenders.activeFor(acct);
    if (list.length)
      latency.tendersSeen(
        list.map((t) => t.tender_id),
        arrivedMs,
      );
    return list;
  });
  r.add('POST', '/tenders/:id', ({ ex, acct, params, latency, arrivedMs }, [id]) => {
    const tid = parseId(id!, 'tender');
    ex.tenders.accept(acct, tid, params.num('price'));
    latency.tenderDecision(tid, 'ACCEPT', arrivedMs);
    return { success: true } satisfies SuccessResult;
  });
  r.add('DELETE', '/tenders/:id', ({ ex, acct, latency, arrivedMs }, [id]) => {
    const tid = parseId(id!, 'tender');
    ex.tenders.decline(acct, tid);
    latency.tenderDecision(tid, 'DECLINE', arrivedMs);
    return { success: true } satisfies SuccessResult;
  });
  r.add('GET', '/leases', ({ ex }) => ex.converters.leases);
  r.add('GET', '/leases/:id', ({ ex }, [id]) => ex.converters.findLease(parseId(id!, 'lease')));
  r.add('POST', '/leases', ({ ex, acct, params }) =>
    ex.converters.lease(acct, params.required('ticker'), conversionInputs(params)),
  );
  r.add('POST', '/leases/:id', ({ ex, acct, params }, [id]) =>
    ex.converters.use(acct, parseId(id!, 'lease'), conversionInputs(params)),
  );
  r.add('DELETE', '/leases/:id', ({ ex }, [id]) => {
    ex.converters.unlease(parseId(id!, 'lease'));
    return { success: true } satisfies SuccessResult;
  });
  return r;
}

function parseId(s: string, what: string): number {
  if (!/^\d{1,15}$/.test(s)) throw badRequest(`'${s.slice(0, 30)}' is not a valid ${what} id`);
  return Number(s);
}

function getNews({ ex, params }: ApiCtx): News[] {
  const after = params.int('after') ?? params.int('since');
  const limit = params.int('limit', 0, MAX_LIMIT) ?? 20;
  const out: News[] = [];
  for (let i = ex.news.length - 1; i >= 0 && out.length < limit; i--) {
    const n = at(ex.news, i);
    if (after !== undefined && n.news_id <= after) break;
    out.push(n);
  }
  return out;
}

function getBook({ ex, acct, params, bookCache }: ApiCtx): RawJson {
  const m = ex.meta(params.required('ticker'));
  return new RawJson(bookBody(ex, m, params.int('limit', 0, MAX_LIMIT) ?? 20, acct, bookCache));
}

/**
 * The JSON text of GET /securities/book for `m` as `viewer` sees it, from `cache` while the book's
 * version is unchanged (GET /sim/wait answers the same text).
 */
export function bookBody(
  ex: Exchange,
  m: SecMeta,
  limit: number,
  viewer: Account,
  cache: Map<string, [number, string]>,
): string {
  const book = ex.books[m.idx];
  const key = `${m.idx}:${limit}:${viewer.idx}`;
  const version = book ? book.version : -1;
  const hit = cache.get(key);
  if (hit && hit[0] === version) return hit[1];
  const body = JSON.stringify(bookJson(ex, m, limit, viewer));
  cache.set(key, [version, body]);
  return body;
}

function getHistory({ ex, params }: ApiCtx): Ohlc[] {
  const m = ex.meta(params.required('ticker'));
  const period = params.int('period', 1);
  if (period !== undefined && period !== ex.period) return [];
  // 1.0.3 semantics: limit = ticks back from the current tick (default: the whole period).
  const limit = params.int('limit', 0, MAX_LIMIT);
  const bars = at(ex.ohlc, m.idx).bars;
  const out: Ohlc[] = [];
  for (let i = bars.length - 1; i >= 0; i--) {
    const b = at(bars, i);
    if (limit !== undefined && b.tick < ex.tick - limit) break;
    out.push({ ...b });
  }
  return out;
}

function getTas({ ex, params }: ApiCtx): Tas[] {
  const m = ex.meta(params.required('ticker'));
  const after = params.int('after');
  const period = params.int('period', 1);
  if (period !== undefined && period !== ex.period) return [];
  return tasAfter(ex, m, after, params.int('limit', 0, MAX_LIMIT));
}

/**
 * Time & sales of `m` newest first, as GET /securities/tas answers it: prints after id `after`,
 * within `limit` ticks back (1.0.3 semantics: limit=0 is the current tick only; combinable with
 * after, as in 1.0.4). GET /sim/wait answers the same list.
 */
export function tasAfter(ex: Exchange, m: SecMeta, after: number | undefined, limit: number | undefined): Tas[] {
  const all = at(ex.tas, m.idx).all();
  const out: Tas[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    const t = at(all, i);
    if (after !== undefined && t.id <= after) break;
    if (limit !== undefined && t.tick < ex.tick - limit) break;
    out.push(t);
  }
  return out;
}

function postOrder(ctx: ApiCtx): Order {
  const { ex, acct, params } = ctx;
  ctx.latency.order(ctx.arrivedMs);
  const ticker = params.required('ticker');
  const m = ex.meta(ticker);
  const rate = m.cfg.apiOrdersPerSecond;
  const rl = ctx.limiter.take(`${acct.idx}:${m.ticker}`, rate, ctx.rateMs);
  if (!rl.ok) throw new RateLimitError(rl.waitS, m.ticker, rate);
  const type = params.requiredOneOf('type', ['MARKET', 'LIMIT'] as const);
  const action = params.requiredOneOf('action', ['BUY', 'SELL'] as const);
  params.required('quantity');
  const quantity = params.requiredNum('quantity');
  const price = type === 'LIMIT' ? params.num('price') : undefined;
  const dryRun = params.bool('dry_run') ?? false;
  const res = ex.submitOrder(acct, { ticker: m.ticker, type, action, quantity, price, dryRun });
  ctx.headers['X-Wait-Until'] = String(rl.waitS);
  if ('dryRun' in res) return dryRunJson(ex, res, acct);
  return orderJson(ex, res, acct);
}

function cancelCommand({ ex, acct, params }: ApiCtx): CancelResult {
  const open: SimOrder[] = [];
  for (const o of ex.traderOrders) if (o.owner === acct.idx && o.live) open.push(o);
  let targets: SimOrder[];
  // Exactly one selector is used: the first present of all, ticker, ids, query.
  if (params.has('all')) {
    const all = params.bool('all');
    targets = all ? open : [];
  } else if (params.has('ticker')) {
    const m = ex.meta(params.required('ticker'));
    targets = open.filter((o) => o.sec === m.idx);
  } else if (params.has('ids')) {
    const ids = new Set<number>();
    for (const v of params.all('ids')) {
      for (const part of v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        ids.add(parseId(part, 'order'));
    }
    targets = open.filter((o) => ids.has(o.id));
  } else if (params.has('query')) {
    const cond = parseCancelQuery(params.required('query'));
    targets = open.filter((o) => {
      const m = at(ex.metas, o.sec);
      return cond({
        id: o.id,
        ticker: m.ticker,
        price: o.type === 'MARKET' ? null : o.priceInt / m.scale,
        volume: o.side === 0 ? o.remaining : -o.remaining,
        type: o.type,
        action: o.action,
      });
    });
  } else {
    throw badRequest('Specify one of the parameters all, ticker, ids or query');
  }
  const cancelled: number[] = [];
  for (const o of targets) if (ex.cancelOrder(o)) cancelled.push(o.id);
  return { cancelled_order_ids: cancelled };
}

function conversionInputs(params: Params): TickerQuantity[] {
  const out: TickerQuantity[] = [];
  for (let i = 1; i <= 10; i++) {
    const t = params.str(`from${i}`);
    if (t === undefined) continue;
    const q = params.num(`quantity${i}`);
    if (q === undefined || q <= 0) throw badRequest(`from${i}=${t.slice(0, 20)} needs a positive quantity${i}`);
    out.push({ ticker: t, quantity: q });
  }
  return out;
}
