import { Worker } from 'node:worker_threads';
import { growth, ThreadMemorySampler } from '../src/evaluate';

describe('ThreadMemorySampler', () => {
  it('reports the heap of main and of each named worker, and sees a worker grow', async () => {
    const w = new Worker(
      `
      const { parentPort } = require('node:worker_threads');
      const keep = [];
      parentPort.on('message', (n) => { for (let i = 0; i < n; i++) keep.push(new Array(1000).fill(i)); parentPort.postMessage('ok'); });
    `,
      { eval: true, name: 'grower' },
    );
    const sampler = new ThreadMemorySampler();
    try {
      await new Promise<void>((r) => w.once('online', () => r()));
      await sampler.start();
      const find = (s: Awaited<ReturnType<ThreadMemorySampler['sample']>>) =>
        s.find((t) => t.thread.includes('grower'));
      let before = find(await sampler.sample({ gc: true }));
      for (let i = 0; i < 50 && !before; i++) before = find(await sampler.sample({ gc: true }));
      expect(before).toBeDefined();
      const grow = new Promise((r) => w.once('message', r));
      w.postMessage(5_000); // ~40 MB of live arrays
      await grow;
      const all = await sampler.sample({ gc: true });
      expect(all[0]?.thread).toBe('main');
      expect(all[0]?.usedBytes).toBeGreaterThan(0);
      const after = find(all)!;
      expect(after.usedBytes - before!.usedBytes).toBeGreaterThan(20 * 2 ** 20);
      expect(growth(before!.usedBytes, after.usedBytes)!).toBeGreaterThan(1);
    } finally {
      sampler.stop();
      await w.terminate();
    }
    expect(growth(0, 5)).toBeNull();
    expect(growth(100, 110)).toBeCloseTo(0.1, 12);
  });
});
