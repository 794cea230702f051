// A sweep's summary (pure): per parameter set the mean P&L over seeds and the RITC rank criterion
// (on each seed the sets are ranked by P&L, and the ranks are averaged: lower is better), the best
// set against the defaults on the same seeds, and a sensitivity table per parameter.
import { JobResult, ParamSet, ParamValue, paramSetKey, paramSetLabel } from './job';
import { PairedComparison, finite, mean, pairedComparison, ranksDescending, sampleSd } from './stats';
import { ParamAxis } from './sweep';

export interface SetSummary {
  key: string;
  label: string;
  params: ParamSet;
  isDefaults: boolean;
  /** Jobs of this set that finished with the metric. */
  n: number;
  /** Jobs of this set that failed (or lacked the metric). */
  failed: number;
  meanPnl: number | null;
  sdPnl: number | null;
  /** Mean over heats of this set's rank among all sets (1 = best); a failed or missing job ranks last. */
  meanRank: number | null;
}

export interface SensitivityRow {
  value: ParamValue;
  /** Sets that have this value. */
  sets: number;
  /** Mean over those sets of their mean P&L (i.e. averaged over the other parameters). */
  meanPnl: number | null;
  meanRank: number | null;
}

export interface SensitivityTable {
  key: string;
  rows: SensitivityRow[];
}

export interface Comparison extends PairedComparison {
  /** The set compared (the best by mean rank) and the one it is compared with (the defaults). */
  best: string;
  against: string;
}

export interface JobFailure {
  id: string;
  set: string;
  seed: number;
  case: string;
  error: string;
}

export interface TuneSummary {
  metric: string;
  jobs: number;
  ok: number;
  failed: number;
  /** Distinct (case, seed) pairs. */
  heats: number;
  /** Sorted best first: by mean rank, then by mean P&L. */
  sets: SetSummary[];
  bestByRank: string | null;
  bestByPnl: string | null;
  defaults: string | null;
  /** Best set minus defaults on the same heats; null when there is no defaults set or it is the best. */
  comparison: Comparison | null;
  sensitivity: SensitivityTable[];
  failures: JobFailure[];
}

export interface AggregateOptions {
  /** The metric ranked (default "pnl"). */
  metric?: string;
  /** Value order for the sensitivity tables; without it each parameter's values are sorted. */
  axes?: readonly ParamAxis[];
  level?: number;
  resamples?: number;
  bootstrapSeed?: number;
}

function compareValues(a: ParamValue, b: ParamValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function aggregateSweep(results: readonly JobResult[], opts: AggregateOptions = {}): TuneSummary {
  const metric = opts.metric ?? 'pnl';
  const figure = (r: JobResult): number | null => {
    const v = r.ok ? r.metrics?.[metric] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  // Each job id once (a duplicate result, e.g. after a stall, must not count twice).
  const unique = new Map<string, JobResult>();
  for (const r of results) {
    const prev = unique.get(r.id);
    if (prev === undefined || (!prev.ok && r.ok)) unique.set(r.id, r);
  }
  // In id order, so the sums (and so every figure) do not depend on the order results arrived in.
  const jobs = [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const heatKey = (r: JobResult) => `${r.spec.case}\u0000${r.spec.seed}`;
  const heats = [...new Set(jobs.map(heatKey))];
  const setParams = new Map<string, ParamSet>();
  const cell = new Map<string, Map<string, JobResult>>();
  for (const r of jobs) {
    const k = paramSetKey(r.spec.params);
    if (!setParams.has(k)) setParams.set(k, r.spec.params);
    let row = cell.get(k);
    if (row === undefined) cell.set(k, (row = new Map<string, JobResult>()));
    row.set(heatKey(r), r);
  }
  const setKeys = [...setParams.keys()];

  const value = (setKey: string, heat: string): number | null => {
    const r = cell.get(setKey)?.get(heat);
    return r === undefined ? null : figure(r);
  };

  const rankSum = new Map<string, number>(setKeys.map((k) => [k, 0]));
  for (const h of heats) {
    const ranks = ranksDescending(setKeys.map((k) => value(k, h)));
    setKeys.forEach((k, i) => rankSum.set(k, (rankSum.get(k) ?? 0) + (ranks[i] ?? 0)));
  }

  const sets: SetSummary[] = setKeys.map((key) => {
    const params = setParams.get(key) ?? {};
    const row = [...(cell.get(key)?.values() ?? [])];
    const xs = finite(row.map(figure));
    return {
      key,
      label: paramSetLabel(params),
      params,
      isDefaults: Object.keys(params).length === 0,
      n: xs.length,
      failed: row.length - xs.length,
      meanPnl: mean(xs),
      sdPnl: sampleSd(xs),
      meanRank: heats.length === 0 ? null : (rankSum.get(key) ?? 0) / heats.length,
    };
  });
  sets.sort(
    (a, b) =>
      (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity) ||
      (b.meanPnl ?? -Infinity) - (a.meanPnl ?? -Infinity) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const best = sets[0];
  const byPnl = [...sets].sort((a, b) => (b.meanPnl ?? -Infinity) - (a.meanPnl ?? -Infinity))[0];
  const defaults = sets.find((s) => s.isDefaults);

  let comparison: Comparison | null = null;
  if (best !== undefined && defaults !== undefined && best.key !== defaults.key) {
    const d: number[] = [];
    for (const h of heats) {
      const a = value(best.key, h);
      const b = value(defaults.key, h);
      if (a !== null && b !== null) d.push(a - b);
    }
    const cmpOpts: { level?: number; resamples?: number; seed?: number } = {};
    if (opts.level !== undefined) cmpOpts.level = opts.level;
    if (opts.resamples !== undefined) cmpOpts.resamples = opts.resamples;
    if (opts.bootstrapSeed !== undefined) cmpOpts.seed = opts.bootstrapSeed;
    comparison = { best: best.key, against: defaults.key, ...pairedComparison(d, cmpOpts) };
  }

  const axisKeys = opts.axes?.map((a) => a.key) ?? [...new Set(sets.flatMap((s) => Object.keys(s.params)))].sort();
  const sensitivity: SensitivityTable[] = axisKeys.map((key) => {
    const withKey = sets.filter((s) => Object.prototype.hasOwnProperty.call(s.params, key));
    const axis = opts.axes?.find((a) => a.key === key);
    const values =
      axis?.values ??
      [...new Map(withKey.map((s) => [`${typeof s.params[key]}:${String(s.params[key])}`, s.params[key]])).values()]
        .filter((v): v is ParamValue => v !== undefined)
        .sort(compareValues);
    return {
      key,
      rows: values.map((v) => {
        const group = withKey.filter((s) => s.params[key] === v);
        return {
          value: v,
          sets: group.length,
          meanPnl: mean(finite(group.map((s) => s.meanPnl))),
          meanRank: mean(finite(group.map((s) => s.meanRank))),
        };
      }),
    };
  });

  const failures: JobFailure[] = jobs
    .filter((r) => figure(r) === null)
    .map((r) => ({
      id: r.id,
      set: paramSetLabel(r.spec.params),
      seed: r.spec.seed,
      case: r.spec.case,
      error: r.ok ? `no "${metric}" metric` : (r.error ?? 'failed'),
    }));

  return {
    metric,
    jobs: jobs.length,
    ok: jobs.length - failures.length,
    failed: failures.length,
    heats: heats.length,
    sets,
    bestByRank: best?.key ?? null,
    bestByPnl: byPnl?.key ?? null,
    defaults: defaults?.key ?? null,
    comparison,
    sensitivity,
    failures,
  };
}
