import fc from 'fast-check';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SLOT_FIELD_COUNT, SnapshotSlots } from '@ritc/market-data';
import { first } from '@ritc/quant';

// The writer runs the compiled package (build first: `npx tsc -b packages/market-data`).
const slotsModule = path.resolve(__dirname, '../dist/slots.js');
const writerCode = `
const { workerData } = require('node:worker_threads');
const { SlotWriter, SLOT_FIELD_COUNT } = require(workerData.modulePath);
const w = new SlotWriter({ sab: workerData.sab, index: workerData.index });
const ctl = new Int32Array(workerData.ctl);
const vals = workerData.values;
const v = new Float64Array(SLOT_FIELD_COUNT);
let i = 0;
Atomics.store(ctl, 1, 1);
while (Atomics.load(ctl, 0) === 0) {
  const x = vals[i++ % vals.length];
  for (let j = 0; j < SLOT_FIELD_COUNT; j++) v[j] = j % 2 ? -x : x;
  w.publish(v);
}`;

async function withWriter<T>(slots: SnapshotSlots, index: number, values: number[], body: () => T): Promise<T> {
  const ctl = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(writerCode, {
    eval: true,
    workerData: { modulePath: slotsModule, sab: slots.sab, index, ctl: ctl.buffer, values },
  });
  const exited = new Promise((r) => worker.once('exit', r));
  try {
    while (Atomics.load(ctl, 1) === 0) await new Promise((r) => setTimeout(r, 1));
    return body();
  } finally {
    Atomics.store(ctl, 0, 1);
    await exited;
  }
}

describe('seqlock under a concurrent writer thread', () => {
  it('readers never observe a torn snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ noNaN: true }), { minLength: 2, maxLength: 40 }), async (values) => {
        const slots = SnapshotSlots.create(['A', 'B']);
        const allowed = new Set(values);
        const scratch = new Float64Array(SLOT_FIELD_COUNT);
        const { torn, versions } = await withWriter(slots, 1, values, () => {
          let tornCount = 0;
          const seen = new Set<number>();
          for (let r = 0; r < 100_000; r++) {
            const version = slots.readInto(1, scratch);
            if (version === 0) continue;
            seen.add(version);
            const x = first(scratch);
            let ok = allowed.has(x);
            for (let j = 1; j < SLOT_FIELD_COUNT && ok; j++) ok = scratch[j] === (j % 2 ? -x : x);
            if (!ok) tornCount++;
          }
          return { torn: tornCount, versions: seen.size };
        });
        expect(torn).toBe(0);
        expect(versions).toBeGreaterThan(1); // the writer really was writing during the reads
        expect(slots.readSnapshot(0).version).toBe(0); // the neighbour slot is untouched
      }),
      { numRuns: 6 },
    );
  });
});
