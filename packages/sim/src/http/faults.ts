/**
 * Fault injection for testing clients (off by default). A spec string such as
 * "p500=0.05,p429=0.02,latency=5,spike=0.01:200,drop=0.01,malformed=0.01,pause=150:2000"
 * or the FaultConfig field names (p500, p429, latencyMs, spikeProb, spikeMs, dropProb,
 * malformedProb, pauseAtTick, pauseMs) set the switches.
 */
import { noFaults, type FaultConfig } from '../config';
import { at } from '../util/checked';

const ALIASES: Record<string, keyof FaultConfig> = {
  '500': 'p500',
  p500: 'p500',
  '429': 'p429',
  p429: 'p429',
  latency: 'latencyMs',
  latencyms: 'latencyMs',
  spikeprob: 'spikeProb',
  spikems: 'spikeMs',
  drop: 'dropProb',
  dropprob: 'dropProb',
  malformed: 'malformedProb',
  malformedprob: 'malformedProb',
  pauseattick: 'pauseAtTick',
  pausems: 'pauseMs',
};
const PROBS: (keyof FaultConfig)[] = ['p500', 'p429', 'spikeProb', 'dropProb', 'malformedProb'];

/** Sets one switch by (case-insensitive) name; throws a clear Error on a bad name or value. */
export function setFault(f: FaultConfig, rawName: string, rawValue: string): void {
  const name = rawName.trim().toLowerCase();
  const parts = rawValue.split(':').map((s) => Number(s.trim()));
  if (parts.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error(`fault '${rawName}': value must be a non-negative number, got '${rawValue}'`);
  if (name === 'spike' || name === 'pause') {
    if (parts.length !== 2)
      throw new Error(
        `fault '${name}' takes two numbers, e.g. ${name === 'spike' ? 'spike=0.01:200 (probability:ms)' : 'pause=150:2000 (tick:ms)'}`,
      );
    if (name === 'spike') [f.spikeProb, f.spikeMs] = parts as [number, number];
    else [f.pauseAtTick, f.pauseMs] = parts as [number, number];
  } else {
    const key = ALIASES[name];
    if (!key) throw new Error(`unknown fault '${rawName}' (known: p500, p429, latency, spike, drop, malformed, pause)`);
    if (parts.length !== 1) throw new Error(`fault '${rawName}' takes one number`);
    f[key] = at(parts, 0);
  }
  for (const k of PROBS) if (f[k] > 1) throw new Error(`fault ${k} is a probability and must be <= 1, got ${f[k]}`);
}

export function parseFaultSpec(spec: string, base: FaultConfig = noFaults()): FaultConfig {
  const f = { ...base };
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`fault spec item '${item}' must look like name=value`);
    setFault(f, item.slice(0, eq), item.slice(eq + 1));
  }
  return f;
}
