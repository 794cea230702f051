import * as fs from 'node:fs';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { StrategyResult, StrategyTask } from '../src';
import { LEGS_2020, makeContext, makeTender } from '../src/testing';

// The compiled pool entry at the repo root: build with `npx tsc -b workers` (npm test builds first).
const WORKER = path.resolve(__dirname, '../../../dist/strategy.worker.js');

describe('piscina pool on dist/strategy.worker.js', () => {
  let pool: Piscina<StrategyTask, StrategyResult>;
  beforeAll(() => {
    if (!fs.existsSync(WORKER)) throw new Error(`${WORKER} missing: run \`npx tsc -b workers\` first`);
    pool = new Piscina({ filename: WORKER, minThreads: 1, maxThreads: 2, atomics: 'disabled' });
  });
  afterAll(async () => {
    await pool.destroy();
  });

  test('the default export runs a task in a pool thread and the result crosses back by structured clone', async () => {
    const ctx = makeContext({ params: { tickers: ['BULL'] } });
    const r = await pool.run({ kind: 'marketMaking', context: ctx, deadlineMs: Number.MAX_SAFE_INTEGER });
    expect(r.kind).toBe('marketMaking');
    expect(r.orders.map((o) => o.action)).toEqual(['BUY', 'SELL']);
    expect(r.computeUs).toBeGreaterThanOrEqual(0);
  });

  test('the task kind picks the strategy from the registry; an unknown kind or a task past its deadline comes back empty', async () => {
    const ctx = makeContext({ depth: 'auto', tenders: [makeTender({ price: 24.7 })], params: LEGS_2020.tender });
    const r = await pool.run({ kind: 'tender', context: ctx, deadlineMs: Number.MAX_SAFE_INTEGER });
    expect(r.kind).toBe('tender');
    expect(r.tenders).toEqual([expect.objectContaining({ tenderId: 1, accept: true })]);
    const unknown = await pool.run({
      kind: 'noSuchStrategy' as StrategyTask['kind'],
      context: ctx,
      deadlineMs: Number.MAX_SAFE_INTEGER,
    });
    expect(unknown.orders).toEqual([]);
    expect(unknown.notes!.join(' ')).toMatch(/unknown strategy kind noSuchStrategy/);
    const late = await pool.run({ kind: 'tender', context: ctx, deadlineMs: 0 });
    expect(late.orders).toEqual([]);
    expect(late.notes![0]).toMatch(/deadline/);
  });
});
