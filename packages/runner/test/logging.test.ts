import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import {
  callbackTransport,
  closeLogger,
  createLogger,
  isWorkerLogRecord,
  logWorkerRecord,
  redactValue,
} from '../src/logging';

const KEY = 'KEY-9f83-SECRET';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c, _e, cb) {
      chunks.push(String(c));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('logging', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ritc-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('redacts the API key from file and console: message, meta, nested meta, errors', async () => {
    const file = path.join(dir, 'sub', 'run.log');
    const con = sink();
    const logger = createLogger({ level: 'info', file, console: 'all', consoleStream: con.stream, secrets: [KEY] });
    const log = logger.child({ thread: 'main', role: 'coordinator' });
    log.info(`connecting with key ${KEY}`, { headers: { 'X-API-Key': KEY }, list: [KEY, 'ok'] });
    log.error(new Error(`401 for key ${KEY}`));
    await closeLogger(logger);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(con.text()).not.toContain(KEY);
    expect(text).toContain('connecting with key ***');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'info',
      thread: 'main',
      role: 'coordinator',
      headers: { 'X-API-Key': '***' },
      list: ['***', 'ok'],
    });
    expect(typeof lines[0].timestamp).toBe('string');
    expect(lines[1].message).toBe('401 for key ***');
    expect(lines[1].stack).toContain('401 for key ***');
    expect(con.text()).toContain('[main/coordinator]');
  });

  it('respects the level on the console and the file', async () => {
    const file = path.join(dir, 'run.log');
    const con = sink();
    const logger = createLogger({ level: 'warn', file, console: 'all', consoleStream: con.stream });
    logger.info('quiet');
    logger.warn('loud');
    await closeLogger(logger);
    expect(con.text()).toContain('loud');
    expect(con.text()).not.toContain('quiet');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('quiet');
  });

  it("console 'warn' (dashboard) keeps info in the file only; 'none' writes nothing to the console", async () => {
    const file = path.join(dir, 'run.log');
    const con = sink();
    const logger = createLogger({ level: 'debug', file, console: 'warn', consoleStream: con.stream });
    logger.debug('detail');
    logger.warn('careful');
    await closeLogger(logger);
    expect(con.text()).toContain('careful');
    expect(con.text()).not.toContain('detail');
    expect(fs.readFileSync(file, 'utf8')).toContain('detail');

    const con2 = sink();
    const l2 = createLogger({ level: 'info', file: null, console: 'none', consoleStream: con2.stream });
    l2.error('boom');
    await closeLogger(l2);
    expect(con2.text()).toBe('');
  });

  it('writes forwarded worker records tagged with their thread, redacted, unknown levels as info', async () => {
    const file = path.join(dir, 'run.log');
    const seen: string[] = [];
    const logger = createLogger({
      level: 'info',
      file,
      console: 'none',
      secrets: [KEY],
      transports: [callbackTransport((i) => seen.push(`${i.level}:${i.thread}:${i.message}`))],
    });
    const rec = {
      type: 'log',
      level: 'warn',
      thread: 'feed:RITC',
      message: `retry with ${KEY}`,
      meta: { role: 'feed', attempt: 2 },
    };
    expect(isWorkerLogRecord(rec)).toBe(true);
    expect(isWorkerLogRecord({ type: 'log', level: 1 })).toBe(false);
    logWorkerRecord(logger, rec as never);
    logWorkerRecord(logger, { type: 'log', level: 'shout', thread: 'pool:1', message: 'odd level' });
    await closeLogger(logger);
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      level: 'warn',
      thread: 'feed:RITC',
      role: 'feed',
      attempt: 2,
      message: 'retry with ***',
    });
    expect(lines[1]).toMatchObject({ level: 'info', thread: 'pool:1', role: 'worker' });
    expect(seen).toEqual(['warn:feed:RITC:retry with ***']);
  });

  it('redactValue leaves values without secrets unchanged', () => {
    const v = { a: 'x', b: [1, 'y'], c: null };
    expect(redactValue(v, [KEY])).toEqual(v);
    expect(redactValue(`${KEY}${KEY}`, [KEY])).toBe('******');
  });

  it('a key of a character or two is masked where it stands alone, not inside words', () => {
    expect(redactValue('strategy MARKET_MAKER with key K', ['K'])).toBe('strategy MARKET_MAKER with key ***');
    expect(redactValue({ url: 'x?key=K&t=1', who: 'K', role: 'TAKER' }, ['K'])).toEqual({
      url: 'x?key=***&t=1',
      who: '***',
      role: 'TAKER',
    });
    expect(redactValue('a.b and a+b', ['a.b'])).toBe('*** and a+b');
    // From four characters on, every occurrence goes, inside words too.
    expect(redactValue('xxSECRxx', ['SECR'])).toBe('xx***xx');
  });
});
