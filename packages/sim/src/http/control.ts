/**
 * The local control surface under /sim/ — NOT part of RIT. Same API key as /v1.
 */
import { noFaults } from '../config';
import { badRequest } from '../errors';
import { Router } from './router';
import type { Params } from './params';
import { setFault } from './faults';
import { heatReport, r4 } from './serialize';
import type { SimServerImpl } from './server';
import type { Account } from '../exchange/accounts';
import { MAX_LIMIT, RawJson } from './api-v1';
import { waitAnswer } from './wait-answer';

export interface ControlCtx {
  server: SimServerImpl;
  params: Params;
  /** The trader whose API key the request carries. */
  traderId: string;
  acct: Account;
  arrivedMs: number;
}

/** The most reads one GET /sim/batch answers. */
const MAX_BATCH_READS = 64;

const FAULT_PARAM_NAMES = [
  'p500',
  'p429',
  'latency',
  'latencyms',
  'spike',
  'spikeprob',
  'spikems',
  'drop',
  'dropprob',
  'malformed',
  'malformedprob',
  'pause',
  'pauseattick',
  'pausems',
];

export function buildControlRouter(): Router<ControlCtx> {
  const r = new Router<ControlCtx>();
  r.add('POST', '/pause', ({ server }) => {
    server.pause();
    return { status: server.exchange.status, tick: server.exchange.tick };
  });
  r.add('POST', '/resume', ({ server }) => {
    server.resume();
    return { status: server.exchange.status, tick: server.exchange.tick };
  });
  r.add('POST', '/advance', ({ server, params }) => {
    const n = params.int('ticks', 1, 1_000_000) ?? 1;
    const tick = server.advance(n);
    return { tick, status: server.exchange.status };
  });
  r.add('POST', '/reset', ({ server, params }) => {
    const seed = params.int('seed', 0, 2 ** 32 - 1);
    server.reset(seed);
    return { seed: server.exchange.cfg.seed, tick: server.exchange.tick, status: server.exchange.status };
  });
  r.add('POST', '/ready', ({ server, params, traderId }) => {
    const tick = params.int('tick', 0, 10_000_000);
    if (tick === undefined) throw badRequest('ready needs ?tick=N, the tick the trader is done with');
    return server.ready(traderId, tick);
  });
  r.add('GET', '/wait', async ({ server, params, acct }) => {
    const ticker = params.required('ticker');
    const reads = {
      bookLimit: params.int('book_limit', 0, MAX_LIMIT),
      tasAfter: params.int('tas_after', 0),
      tasLimit: params.int('tas_limit', 0, MAX_LIMIT),
    };
    const point = await server.waitForChange(
      ticker,
      {
        status: params.str('status') ?? '',
        period: params.int('period', 0, 1_000_000) ?? 0,
        tick: params.int('tick', 0, 10_000_000) ?? -1,
        version: params.int('version', 0, Number.MAX_SAFE_INTEGER) ?? -1,
      },
      params.int('timeout', 0, 10_000) ?? 1_000,
    );
    return waitAnswer(server.exchange, acct, ticker, point, reads, server.bookCache);
  });
  // Several /v1 GETs in one request, each answered as its own request would be at this moment: the
  // engine's reads of a tick on the virtual clock (case, orders, limits, trader, books).
  r.add('GET', '/batch', ({ server, params, acct, arrivedMs }) => {
    const reads = params.all('read');
    if (reads.length === 0 || reads.length > MAX_BATCH_READS)
      throw badRequest(`batch needs 1 to ${MAX_BATCH_READS} read=PATH parameters (a /v1 GET path with its query)`);
    const answers = reads.map((read) => {
      const a = server.readApi(acct, read, arrivedMs);
      return `{"status":${a.status},"body":${a.body}}`;
    });
    return new RawJson(`[${answers.join(',')}]`);
  });
  r.add('GET', '/stats', ({ server }) => server.stats());
  r.add('GET', '/account', ({ server, params }) => {
    return heatReport(server.exchange, params.bool('agents') ?? false);
  });
  r.add('GET', '/latency', ({ server }) => ({ events: server.latency.events }));
  r.add('GET', '/faults', ({ server }) => server.faults);
  r.add('POST', '/faults', ({ server, params }) => {
    const f = { ...server.faults };
    try {
      const spec = params.str('spec');
      if (spec)
        for (const item of spec.split(',').filter(Boolean)) {
          const eq = item.indexOf('=');
          if (eq <= 0) throw new Error(`fault spec item '${item}' must look like name=value`);
          setFault(f, item.slice(0, eq), item.slice(eq + 1));
        }
      if (params.bool('off')) Object.assign(f, noFaults());
      for (const name of FAULT_PARAM_NAMES) {
        const v = params.str(name);
        if (v !== undefined) setFault(f, name, v);
      }
    } catch (e) {
      throw badRequest((e as Error).message);
    }
    server.faults = f;
    return f;
  });
  r.add('POST', '/tender', ({ server, params }) => {
    const action = params.oneOf('action', ['BUY', 'SELL'] as const, false);
    const quantity = params.int('quantity', 1, 10_000_000);
    const price = params.num('price');
    const windowTicks = params.int('window', 1, 100_000);
    if (server.exchange.status === 'STOPPED') throw badRequest('The case has ended');
    return server.exchange.tenders.post({ action, quantity, price, windowTicks });
  });
  r.add('POST', '/shock', ({ server, params }) => {
    const ex = server.exchange;
    const shockable = ex.market.shockable();
    const ticker = params.str('ticker') ?? shockable[0] ?? '';
    const size = params.num('size');
    if (size === undefined)
      throw badRequest("Missing required parameter 'size' (price units of the security: USD for the 2020 RITC)");
    if (!shockable.includes(ticker))
      throw badRequest(`Cannot shock '${ticker.slice(0, 20)}' (${shockable.join(', ')})`);
    if (ex.status === 'STOPPED') throw badRequest('The case has ended');
    const id = ex.market.shockNow(ticker, size);
    const f = ex.market.fundamentals;
    return {
      shock_id: id,
      ticker,
      size,
      tick: ex.tick,
      etf_fair_value: r4(f.etfFair()),
      ritc_reference: r4(f.etfReference()),
    };
  });
  r.add('GET', '/fundamentals', ({ server }) => {
    const ex = server.exchange;
    const f = ex.market.fundamentals;
    return {
      tick: ex.tick,
      values: Object.fromEntries([...f.value].map(([k, v]) => [k, r4(v)])),
      etf_fair_value: r4(f.etfFair()),
      ritc_mispricing: r4(f.mispricing()),
      pending_news: f.pending.length,
      scheduled_tender_ticks: ex.tenders.scheduledTicks(),
    };
  });
  return r;
}
