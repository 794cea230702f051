// The real engine (feed threads, strategy pool) on the simulator's virtual clock: it says when it
// is done with each tick, so the ticks end on its signal and not on the (long) maximum wait.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lookupEngine } from '../src/evaluate';
import { runBotCase } from '../src/evaluate/runner';

const TICKS = 60;
/** The maximum wait of a tick: a case the engine did not signal would last TICKS × this. */
const MAX_WAIT_MS = 2_000;

describe('the engine on the virtual clock', () => {
  it('ends most ticks by its ready signal and finishes far sooner than the maximum waits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-virtual-'));
    try {
      const run = await runBotCase(lookupEngine(), {
        seed: 3,
        tickMs: MAX_WAIT_MS,
        ticks: TICKS,
        clock: 'virtual',
        reportDir: dir,
      });
      expect(run.result.exitCode).toBe(0);
      expect(run.snapshot.status).toBe('STOPPED');
      const counts = run.snapshot.virtualClock;
      expect(counts).not.toBeNull();
      // The first tick may start before the engine has read the case as running.
      expect(counts!.onMaxWait).toBeLessThanOrEqual(3);
      expect(counts!.onReady).toBeGreaterThanOrEqual(TICKS - 3);
      expect(run.wallMs).toBeLessThan((TICKS * MAX_WAIT_MS) / 4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 100_000);
});
