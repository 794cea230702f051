/**
 * bench-exec: latency from a strategy's order intent arriving at the coordinator to the POST
 * leaving the process. Two points are measured for every order:
 *   - dispatch: intent → the engine hands the request to the RitClient (split, round, risk gate,
 *     order store, pacing queue); recorded by the engine itself (latencyDecisionToSendUs);
 *   - arrival: intent → a local node:http server (same process, 127.0.0.1) sees the request,
 *     i.e. including the client's validation, pacing and undici's write.
 * Orders go one at a time (the steady state of a decision loop) and then in bursts of 8 from four
 * sources (the round-robin queue under load). Target: p99 < 500 µs from intent to the POST leaving.
 */
import { writeBenchJson } from './lib/bench-output';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionManager, LatencyRecorder } from '@ritc/engine';
import { at, first } from '@ritc/quant';
import { RitClient } from '@ritc/rit-client';
import type { Source } from '@ritc/strategies';

const TICKERS = ['BULL', 'BEAR', 'RITC', 'USD'];
const N_SEQ = Number(process.env.BENCH_N ?? 3000);
const N_BURST = Math.floor(N_SEQ / 8);

function security(ticker: string) {
  const ccy = ticker === 'USD';
  return {
    ticker,
    type: ccy ? 'CURRENCY' : 'STOCK',
    size: 1,
    position: 0,
    vwap: 0,
    nlv: null,
    last: 10,
    bid: 9.99,
    bid_size: 1000,
    ask: 10.01,
    ask_size: 1000,
    volume: 0,
    unrealized: null,
    realized: 0,
    currency: ticker === 'RITC' ? 'USD' : 'CAD',
    total_volume: 0,
    limits: ccy ? [] : [{ name: 'LIMIT-STOCK', units: ticker === 'RITC' ? 2 : 1 }],
    interest_rate: 0,
    is_tradeable: true,
    is_shortable: true,
    start_period: 1,
    stop_period: 1,
    description: ticker,
    unit_multiplier: 1,
    display_unit: 'Shares',
    start_price: 10,
    min_price: 0.01,
    max_price: 100,
    quoted_decimals: ccy ? 4 : 2,
    trading_fee: 0.02,
    limit_order_rebate: 0.01,
    min_trade_size: 1,
    max_trade_size: ccy ? 2_500_000 : 10_000,
    required_tickers: null,
    underlying_tickers: null,
    bond_coupon: 0,
    interest_payments_per_period: 0,
    base_security: '',
    fixing_ticker: null,
    api_orders_per_second: 1_000_000,
    execution_delay_ms: 0,
    interest_rate_ticker: null,
    otc_price_range: 0,
  };
}

async function main(): Promise<void> {
  const arrivals = new Map<number, bigint>(); // order tag (the price's cents) → arrival
  let nextId = 1;
  const server = http.createServer((req, res) => {
    const t = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (body: unknown) => {
      const s = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
      res.end(s);
    };
    req.resume();
    if (url.pathname === '/v1/case')
      return send({
        name: 'bench',
        period: 1,
        tick: 1,
        ticks_per_period: 300,
        total_periods: 1,
        status: 'ACTIVE',
        is_enforce_trading_limits: true,
      });
    if (url.pathname === '/v1/securities') return send(TICKERS.map(security));
    if (url.pathname === '/v1/limits')
      return send([
        { name: 'LIMIT-STOCK', gross: 0, net: 0, gross_limit: 1e12, net_limit: 1e12, gross_fine: 0, net_fine: 0 },
      ]);
    if (url.pathname === '/v1/orders' && req.method === 'POST') {
      const q = url.searchParams;
      const quantity = Number(q.get('quantity'));
      arrivals.set(quantity, t);
      return send({
        order_id: nextId++,
        period: 1,
        tick: 1,
        trader_id: 'bench',
        ticker: q.get('ticker'),
        type: q.get('type'),
        quantity,
        action: q.get('action'),
        price: Number(q.get('price')),
        quantity_filled: 0,
        vwap: null,
        status: 'OPEN',
      });
    }
    res.writeHead(404).end('{"code":"NOT_FOUND"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const client = new RitClient({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'bench', connections: 8 });
  const em = new ExecutionManager({ api: client, config: { pacingBurst: 1_000_000 } });
  await em.init();

  // Each order gets a unique quantity so the server's arrival can be matched to its intent.
  let seq = 0;
  const intent = (source: Source) => ({
    ticker: at(TICKERS, seq % 3),
    type: 'LIMIT' as const,
    action: seq % 2 ? ('BUY' as const) : ('SELL' as const),
    quantity: 1 + (seq++ % 9000),
    price: 9.5,
    source,
  });

  async function run(
    label: string,
    rounds: number,
    perRound: number,
  ): Promise<{ label: string; dispatch: LatencyRecorder; arrival: LatencyRecorder }> {
    const dispatch = new LatencyRecorder(rounds * perRound);
    const arrival = new LatencyRecorder(rounds * perRound);
    const sources: Source[] = ['MARKET_MAKER', 'ARBITRAGE', 'TENDER', 'HEDGE'];
    for (let r = 0; r < rounds; r++) {
      arrivals.clear();
      seq = 0;
      const before = em.latencyDecisionToSendUs.count;
      const starts: Array<[number, bigint]> = [];
      const settled: Promise<void>[] = [];
      for (let i = 0; i < perRound; i++) {
        const it = intent(at(sources, i % 4));
        const t0 = process.hrtime.bigint();
        starts.push([it.quantity, t0]);
        settled.push(em.submit([it], undefined, t0).settled);
      }
      await Promise.all(settled);
      const n = em.latencyDecisionToSendUs.count - before;
      for (const us of em.latencyDecisionToSendUs.lastSamples(n)) dispatch.record(us);
      for (const [q, t0] of starts) {
        const a = arrivals.get(q);
        if (a != null) arrival.record(Number(a - t0) / 1000);
      }
    }
    return { label, dispatch, arrival };
  }

  await run('warm-up', 300, 1);
  const results = [await run('sequential', N_SEQ, 1), await run('burst of 8 (4 sources)', N_BURST, 8)];
  await client.close();
  server.close();

  const fmt = (x: number | null) => (x == null ? '-' : x.toFixed(1));
  const rows = results.flatMap((r) => [
    [
      r.label,
      'intent → dispatch to client',
      String(r.dispatch.count),
      fmt(r.dispatch.percentile(50)),
      fmt(r.dispatch.percentile(99)),
      fmt(r.dispatch.percentile(100)),
    ],
    [
      r.label,
      'intent → arrival at server',
      String(r.arrival.count),
      fmt(r.arrival.percentile(50)),
      fmt(r.arrival.percentile(99)),
      fmt(r.arrival.percentile(100)),
    ],
  ]);
  const head = ['scenario', 'measured', 'n', 'p50 µs', 'p99 µs', 'max µs'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => at(r, i).length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(at(widths, i)) : c.padEnd(at(widths, i)))).join('  ');
  console.log(
    `bench-exec (node ${process.version}, ${N_SEQ} sequential orders, ${N_BURST} bursts of 8; target p99 < 500 µs intent → POST leaving)`,
  );
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const seqP99 = first(results).dispatch.percentile(99) ?? Infinity;
  console.log(
    `\nsequential intent → dispatch p99 ${seqP99.toFixed(1)} µs: ${seqP99 < 500 ? 'PASS' : 'MISS'} (target < 500 µs)`,
  );
  writeBenchJson(
    results.flatMap((r) => [
      {
        group: 'exec',
        name: `${r.label}: intent → dispatch to client, p50`,
        value: r.dispatch.percentile(50),
        unit: 'µs',
      },
      {
        group: 'exec',
        name: `${r.label}: intent → dispatch to client, p99`,
        value: r.dispatch.percentile(99),
        unit: 'µs',
        ...(r === results[0] ? { target: '< 500', pass: seqP99 < 500 } : {}),
      },
      {
        group: 'exec',
        name: `${r.label}: intent → arrival at server, p50`,
        value: r.arrival.percentile(50),
        unit: 'µs',
        floor: 'http-rtt' as const,
      },
      {
        group: 'exec',
        name: `${r.label}: intent → arrival at server, p99`,
        value: r.arrival.percentile(99),
        unit: 'µs',
        floor: 'http-rtt' as const,
      },
    ]),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
