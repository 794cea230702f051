/**
 * What every fault case must satisfy: the bot kept trading and exited cleanly; its positions equal
 * the exchange's; no engine client order became two exchange orders; no limit was breached; no
 * open order was left behind; no NaN anywhere in its report.
 */
import * as fs from 'node:fs';
import type { EngineEvent } from '@ritc/engine';
import type { CaseRun } from '../evaluate/runner';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export const CHECK_NAMES = ['exit', 'trading', 'positions', 'no-dup', 'limits', 'open-orders', 'no-NaN'] as const;

type OrderEvent = Extract<EngineEvent, { type: 'order' }>;

/** Paths of every non-finite number in a value (NaN, ±Infinity), e.g. ['pnl.total']. */
export function nonFinitePaths(v: unknown, at = '', out: string[] = [], depth = 0): string[] {
  if (out.length >= 10 || depth > 12) return out;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(at || '(root)');
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => nonFinitePaths(x, `${at}[${i}]`, out, depth + 1));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) nonFinitePaths(x, at ? `${at}.${k}` : k, out, depth + 1);
  }
  return out;
}

/** Engine client orders that map to more than one exchange order id. */
export function duplicateOrders(events: readonly EngineEvent[]): { clientId: string; orderIds: number[] }[] {
  const byClient = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.type !== 'order' || e.orderId === null) continue;
    let s = byClient.get(e.clientId);
    if (!s) byClient.set(e.clientId, (s = new Set()));
    s.add(e.orderId);
  }
  return [...byClient].filter(([, s]) => s.size > 1).map(([clientId, s]) => ({ clientId, orderIds: [...s] }));
}

/** Client orders whose last state is UNKNOWN (the bot admits it never learned the outcome). */
export function unresolvedOrders(events: readonly EngineEvent[]): number {
  const last = new Map<string, OrderEvent>();
  for (const e of events) if (e.type === 'order') last.set(e.clientId, e);
  let n = 0;
  for (const e of last.values()) if (e.state === 'UNKNOWN') n++;
  return n;
}

export interface CheckInput {
  run: CaseRun;
  /** Exit codes that count as clean (0 = case ended; 130 = stopped by our SIGTERM). */
  cleanExitCodes?: number[];
  /** Tick from which the fault was on. */
  onsetTick: number;
}

export function runChecks({ run, cleanExitCodes = [0, 130], onsetTick }: CheckInput): Check[] {
  const { result, snapshot, events } = run;
  const s = result.summary;
  const checks: Check[] = [];

  // The summary counts an outage the exchange caused as one error of the run. Under injected faults an
  // outage that was ridden out (not lost) is the fault itself, not the bot's error: it is reported, not held against it.
  const survivedOutage = s.outage !== null && s.outage.failures > 0 && !s.outage.lost ? 1 : 0;
  const errs = s.errors.count - survivedOutage;
  const ownErrors = s.errors.samples.filter((m) => !m.startsWith('exchange did not answer'));
  checks.push({
    name: 'exit',
    ok: cleanExitCodes.includes(result.exitCode) && errs === 0,
    detail:
      `exit ${result.exitCode}${errs ? `, ${errs} run errors: ${ownErrors[0] ?? s.errors.samples[0] ?? ''}` : ''}` +
      (survivedOutage && s.outage ? `; rode out ${s.outage.failures} unanswered requests` : ''),
  });

  const ordersAfter = snapshot.orders.filter((o) => o.tick > onsetTick).length;
  const tenderAccepts = events.filter(
    (e) => e.type === 'tender' && e.decision === 'ACCEPTED' && e.tick > onsetTick,
  ).length;
  checks.push({
    name: 'trading',
    ok: ordersAfter + tenderAccepts > 0,
    detail: `${ordersAfter} orders and ${tenderAccepts} tender accepts after tick ${onsetTick}`,
  });

  const mismatches: string[] = [];
  for (const sec of snapshot.account.securities) {
    if (snapshot.currencies.includes(sec.ticker)) continue; // CAD/USD are cash balances, not positions
    const p = s.positions[sec.ticker];
    const engine = p?.engine ?? 0;
    if (engine !== sec.position) mismatches.push(`${sec.ticker} engine ${engine} vs exchange ${sec.position}`);
  }
  // After the close-out every position is flat at the exchange: comparing then proves nothing.
  if (snapshot.status === 'STOPPED') mismatches.push('the case ended before the bot had shut down');
  checks.push({ name: 'positions', ok: mismatches.length === 0, detail: mismatches.join('; ') || 'equal' });

  const dups = duplicateOrders(events);
  const known = new Set<number>();
  for (const e of events) if (e.type === 'order' && e.orderId !== null) known.add(e.orderId);
  const orphans = snapshot.orders.filter((o) => !known.has(o.id)).length;
  const unresolved = unresolvedOrders(events);
  // An exchange order the bot never learned about is only excusable for an order it reports as UNKNOWN.
  checks.push({
    name: 'no-dup',
    ok: dups.length === 0 && orphans <= unresolved,
    detail: `${snapshot.orders.length} exchange orders, ${dups.length} client orders sent twice, ${orphans} unclaimed (${unresolved} reported unknown)`,
  });

  const breached = snapshot.account.limits.filter((l) => l.breached).map((l) => l.name);
  checks.push({
    name: 'limits',
    ok: snapshot.account.limit_breach_ticks === 0 && breached.length === 0,
    detail: `${snapshot.account.limit_breach_ticks} ticks over a limit${breached.length ? `; over ${breached.join(',')} at the end` : ''}`,
  });

  const reported = s.openOrdersAtExit;
  checks.push({
    name: 'open-orders',
    ok: snapshot.openOrders === 0 && (reported === 0 || reported === null),
    detail: `${snapshot.openOrders} open at the exchange, ${reported ?? 'n/a'} reported`,
  });

  const bad = nonFinitePaths(s);
  for (const e of events) if (bad.length < 10) nonFinitePaths(e, `event(${e.type})`, bad);
  for (const f of [result.files.html, result.files.summary]) {
    if (f && fs.existsSync(f) && /\bNaN\b|\bInfinity\b/.test(fs.readFileSync(f, 'utf8'))) bad.push(f);
  }
  checks.push({ name: 'no-NaN', ok: bad.length === 0, detail: bad.length ? bad.slice(0, 3).join(', ') : 'none' });
  return checks;
}
