import * as path from 'node:path';
import { parseMergeArgs, parseWorkerArgs } from '../src/worker-merge-args';

describe('worker flags', () => {
  it('give the queue worker its typed options', () => {
    const r = parseWorkerArgs([
      '--queue',
      'redis://127.0.0.1:6380',
      '--concurrency',
      '3',
      '--queue-name',
      'a',
      '--queue-name',
      'b',
      '--lock-ms',
      '5000',
      '--stalled-ms',
      '2000',
      '--job-module',
      'job.js',
    ]);
    expect(r).toEqual({
      help: false,
      options: {
        url: 'redis://127.0.0.1:6380',
        concurrency: 3,
        queueNames: ['a', 'b'],
        lockDuration: 5000,
        stalledInterval: 2000,
        jobModule: 'job.js',
      },
    });
    expect(parseWorkerArgs(['-h'])).toEqual({ help: true });
  });

  it('refuse a missing queue, a bad count and an unknown flag, naming them', () => {
    expect(() => parseWorkerArgs([])).toThrow(/worker needs --queue/);
    expect(() => parseWorkerArgs(['--queue', 'redis://x:1', '--concurrency', '0'])).toThrow(/--concurrency 0/);
    expect(() => parseWorkerArgs(['--queue', 'redis://x:1', '--lock-ms', '1.5'])).toThrow(/--lock-ms 1.5/);
    expect(() => parseWorkerArgs(['--queue', 'redis://x:1', '--bogus', '1'])).toThrow(/--bogus/);
  });
});

describe('merge flags', () => {
  const cwd = path.resolve('some-project');
  it('resolve the folders and the output against the working directory', () => {
    const r = parseMergeArgs(['a', 'b', '--out', 'm'], { cwd });
    expect(r).toEqual({
      help: false,
      settings: {
        dirs: [path.resolve(cwd, 'a'), path.resolve(cwd, 'b')],
        outDir: path.resolve(cwd, 'm'),
      },
    });
    const d = parseMergeArgs(['a'], { cwd, now: new Date('2026-01-02T03:04:05Z') });
    expect(!d.help && path.relative(cwd, d.settings.outDir)).toMatch(/^runs[/\\]merge-/);
    expect(parseMergeArgs(['--help'])).toEqual({ help: true });
  });

  it('refuse no folders and an unknown flag', () => {
    expect(() => parseMergeArgs([])).toThrow(/merge needs output folders/);
    expect(() => parseMergeArgs(['a', '--bogus'])).toThrow(/--bogus/);
  });
});
