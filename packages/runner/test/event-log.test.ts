// events.jsonl written in chunks: every event once, in order, soon after it happened, all of it by close().
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EngineEvent } from '@ritc/engine';
import { EventLog } from '../src/report/write';

const risk = (tick: number): EngineEvent => ({ type: 'risk', t: tick, tick, state: 'ACTIVE', reason: 'r'.repeat(200) });
const lines = (file: string) =>
  (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { tick: number }).tick);

describe('EventLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes every event once and in order, all of it by close()', async () => {
    const log = new EventLog(dir);
    for (let i = 0; i < 1000; i++) log.write(risk(i));
    await log.close();
    expect(lines(log.file)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(log.lines).toBe(1000);
  });

  it('writes a few events within a fraction of a second while the run goes on', async () => {
    const log = new EventLog(dir);
    log.write(risk(1));
    log.write(risk(2));
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline && lines(log.file).length < 2) await new Promise((r) => setTimeout(r, 20));
    expect(lines(log.file)).toEqual([1, 2]);
    await log.close();
  });
});
