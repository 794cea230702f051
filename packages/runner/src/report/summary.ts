import type { Source } from '@ritc/strategies';
import type { RunConfig } from '../config';
import type { FigureSource, FinalAccount, Quantiles } from '../seam';
import type { OrderCounts, RecorderData } from './recorder';
import { quantile } from './stats';

/** The headline of a run (summary.json). Money in CAD; latencies in µs. */
export interface RunSummary {
  version: 1;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** True when the run was stopped by a signal rather than the case ending. */
  interrupted: boolean;
  /** How the run ended: the case ended, the exchange was lost, a signal, or a failure. */
  end: { reason: 'case-ended' | 'exchange-lost' | 'signal' | 'failed' | 'unknown'; detail: string | null };
  run: {
    command: RunConfig['command'] | 'unknown';
    apiUrl: string | null;
    seed: number | null;
    tickMs: number | null;
    ticks: number | null;
    strategies: string[];
    riskAversion: number | null;
  };
  lastTick: number | null;
  pnl: {
    /** The exchange's nlv at the end (CAD); null when it could not be read. */
    total: number | null;
    /** 'exchange': read after the shutdown; 'engine estimate': the engine's last reading (the exchange was not readable at the end). */
    totalSource: FigureSource | null;
    /** 'engine' = attributed by the engine; 'estimated' = marked to the last mids from fills. */
    bySourceMethod: 'engine' | 'estimated';
    bySource: Record<'MARKET_MAKER' | 'ARBITRAGE' | 'TENDER', number> & Partial<Record<Source, number>>;
  };
  /** CAD; null = the engine did not report it. */
  fees: number | null;
  rebates: number | null;
  fines: number | null;
  /** Why `fines` is what it is (RIT's API does not report fines). */
  finesNote: string | null;
  orders: OrderCounts;
  tenders: { offered: number; accepted: number; declined: number; expired: number; pnl: number };
  positions: Record<string, { engine: number | null; exchange: number | null }>;
  /** Null when the exchange could not say (never a made-up number). */
  openOrdersAtExit: number | null;
  limitBreaches: number;
  /** Requests the exchange did not answer (outages), counted in `errors` too. */
  outage: { outages: number; failures: number; downMs: number; lost: boolean } | null;
  latencyUs: { decisionToSend: Quantiles & { samples: number }; pollRoundTrip: Quantiles & { samples: number } };
  errors: { count: number; samples: string[] };
  /** Events seen on the stream. */
  events: number;
}

export interface SummaryInputs {
  data: RecorderData;
  /** Null when the engine could not report (it crashed): the recorder's view is used. */
  final: FinalAccount | null;
  config?: RunConfig;
  startedAt: Date;
  endedAt: Date;
  interrupted?: boolean;
  end?: RunSummary['end'];
}

function latency(samples: number[], override: Quantiles | undefined): Quantiles & { samples: number } {
  if (override) return { p50: override.p50, p99: override.p99, samples: samples.length };
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), samples: samples.length };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Combines the engine's final account (authoritative where given) with the recorder's view. */
export function buildSummary(i: SummaryInputs): RunSummary {
  const { data, final, config } = i;
  const engineBySource = final?.pnlBySource;
  const method: RunSummary['pnl']['bySourceMethod'] = engineBySource ? 'engine' : 'estimated';
  const src = (s: Source) => round2(engineBySource ? (engineBySource[s] ?? 0) : data.pnlBySource[s]);
  const bySource: RunSummary['pnl']['bySource'] = {
    MARKET_MAKER: src('MARKET_MAKER'),
    ARBITRAGE: src('ARBITRAGE'),
    TENDER: src('TENDER'),
  };
  const hedge = src('HEDGE');
  if (hedge !== 0) bySource.HEDGE = hedge;

  const positions: RunSummary['positions'] = {};
  for (const [t, p] of Object.entries(data.positions)) positions[t] = { ...p };
  for (const [t, p] of Object.entries(final?.positions ?? {})) positions[t] = { ...p };

  const nlv = final ? final.nlv : data.lastNlv;
  const nlvSource: FigureSource | null =
    nlv === null ? null : final ? (final.nlvSource ?? 'exchange') : 'engine estimate';
  const outage = final?.outage ?? null;
  // Requests the exchange left unanswered are errors of the run too (the stream only carries the engine's own).
  const outageErrors = outage && outage.failures > 0 ? 1 : 0;
  const samples = [...data.errors.samples];
  if (outage && outage.failures > 0)
    samples.push(
      `exchange did not answer ${outage.failures} requests over ${outage.outages} outage(s), ${(outage.downMs / 1000).toFixed(1)} s in all${outage.lost ? ' (lost)' : ''}`,
    );
  return {
    version: 1,
    startedAt: i.startedAt.toISOString(),
    endedAt: i.endedAt.toISOString(),
    durationMs: Math.max(0, i.endedAt.getTime() - i.startedAt.getTime()),
    interrupted: i.interrupted ?? false,
    end: i.end ?? { reason: i.interrupted ? 'signal' : 'unknown', detail: null },
    run: {
      command: config?.command ?? 'unknown',
      apiUrl: config?.apiUrl ?? null,
      seed: config && config.command === 'default' ? config.sim.seed : null,
      tickMs: config && config.command === 'default' ? config.sim.tickMs : null,
      ticks: config && config.command === 'default' ? config.sim.ticks : null,
      strategies: config ? [...config.strategies] : [],
      riskAversion: config?.riskAversion ?? null,
    },
    lastTick: data.lastTick,
    // The exchange's figure as it gave it (not rounded): the report must agree with RIT exactly.
    pnl: { total: nlv, totalSource: nlvSource, bySourceMethod: method, bySource },
    fees: final?.fees ?? null,
    rebates: final?.rebates ?? null,
    fines: final?.fines ?? null,
    finesNote: final?.finesNote ?? null,
    orders: { ...data.counts.orders, ...(final?.orders ?? {}) },
    tenders: { ...data.counts.tenders, pnl: bySource.TENDER },
    positions,
    openOrdersAtExit: final ? final.openOrdersAtExit : null,
    limitBreaches: final?.limitBreaches ?? data.counts.limitBreaches,
    outage,
    latencyUs: {
      decisionToSend: latency(data.latencyUs.decisionToSend, final?.latencyUs?.decisionToSend),
      pollRoundTrip: latency(data.latencyUs.pollRoundTrip, final?.latencyUs?.pollRoundTrip),
    },
    errors: { count: data.errors.count + outageErrors, samples },
    events: data.counts.events,
  };
}
