import type { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import type * as winston from 'winston';
import type { EngineEvent } from '@ritc/engine';
import { maskConfig, type RunConfig } from './config';
import { render } from './dashboard/render';
import { addMessage, applyEvent, initialState, mergeEngineState, type DashboardState } from './dashboard/state';
import { TtyDashboard, type TtyLike } from './dashboard/tty';
import { Errors, isCliError } from './errors';
import { callbackTransport, closeLogger, createLogger, logWorkerRecord, type WorkerLogRecord } from './logging';
import {
  MAIN_PROFILE,
  safeRole,
  startMainProfiler,
  workerProfileExecArgv,
  writeThreadsJson,
  type MainProfiler,
  type ThreadEntry,
} from './profiling';
import { RunRecorder } from './report/recorder';
import { buildSummary, type RunSummary } from './report/summary';
import { printSummary } from './report/text';
import { EventLog, writeReport } from './report/write';
import type { EngineLike, FinalAccount, RunEnd } from './seam';

/** What the engine factory gets: where to connect, a logger, and how to profile its threads. */
export interface StartEngineContext {
  config: RunConfig;
  /** The API to trade: the embedded simulator's or config.apiUrl. */
  apiUrl: string;
  apiKey: string | null;
  /** Main thread's logger (tag children: logger.child({ thread, role })). */
  logger: winston.Logger;
  /** Workers post {type:'log', level, thread, message, meta}; main writes them (the one log writer). */
  onWorkerLog(record: WorkerLogRecord): void;
  profiling: {
    enabled: boolean;
    /** execArgv for a dedicated worker (e.g. role 'feed:RITC'); [] when not profiling. */
    execArgvFor(role: string): string[];
    /** execArgv for every piscina thread (no file name: Node names them by threadId). */
    poolExecArgv(): string[];
    /** Call once per thread started (pool threads with their threadId) so threads.json can name files. */
    registerThread(entry: ThreadEntry): void;
  };
}

export interface EmbeddedSimulator {
  apiUrl: string;
  apiKey: string | null;
  /** Starts the case clock; called once engine.start() has resolved. */
  start?(): void;
  close(): Promise<void>;
}

export interface RunDeps {
  startEngine(ctx: StartEngineContext): Promise<EngineLike>;
  /** Needed by the default command (no --api-url): starts the simulator in this process. */
  startSimulator?(sim: RunConfig['sim'], logger: winston.Logger): Promise<EmbeddedSimulator>;
  /** Summary and dashboard output (default process.stdout). */
  stdout?: TtyLike;
  /** Console log output (default process.stderr). */
  logStream?: NodeJS.WritableStream;
  /** Where SIGINT/SIGTERM come from (default process). */
  signals?: Pick<EventEmitter, 'on' | 'off'>;
  /** Called on a second Ctrl-C (default process.exit). */
  forceExit?: (code: number) => void;
  /** How often engine.getState() is merged into the dashboard, ms. */
  stateIntervalMs?: number;
  now?: () => Date;
}

export interface RunResult {
  exitCode: number;
  interrupted: boolean;
  summary: RunSummary;
  reportDir: string;
  files: { summary: string; html: string; events: string };
}

/** Exit code after Ctrl-C / SIGTERM (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** The process exit codes of a run (also in --help and the README). */
export const EXIT = {
  /** The case ended; the report is written. */
  CASE_ENDED: 0,
  /** The engine failed (a bug). */
  FAILED: 1,
  /** Bad flags or configuration, or the exchange refused the API key. */
  BAD_CONFIG: 2,
  /** The exchange was lost (no answer for the configured outage), or unreachable at start. */
  EXCHANGE_LOST: 3,
  INTERRUPTED: EXIT_INTERRUPTED,
} as const;

/** Codes of errors that are the user's to fix (a wrong key, a wrong URL), not bugs: one line, no stack. */
const USER_ERRORS: Record<string, number> = {
  RIT_ERR_UNAUTHORIZED: EXIT.BAD_CONFIG,
  RIT_ERR_INVALID_ARG: EXIT.BAD_CONFIG,
  RIT_ERR_NETWORK: EXIT.EXCHANGE_LOST,
  RIT_ERR_TIMEOUT: EXIT.EXCHANGE_LOST,
};

function userErrorExit(e: unknown): number | null {
  // A missing part of the build is not the user's configuration.
  if (isCliError(e)) return e.code === 'CLI_NOT_AVAILABLE' ? EXIT.FAILED : EXIT.BAD_CONFIG;
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : null;
  return code !== null && Object.hasOwn(USER_ERRORS, code) ? (USER_ERRORS[code] ?? null) : null;
}

/**
 * Runs one trading session around an engine: logging, live dashboard, events.jsonl, the report,
 * CPU profiles, and a clean stop on Ctrl-C (orders cancelled, workers stopped, profiles and
 * report still written). Never throws for an engine failure: it is reported and exit code 1 returned.
 */
export async function runTrading(config: RunConfig, deps: RunDeps): Promise<RunResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const stdout = deps.stdout ?? process.stdout;
  const signals = deps.signals ?? process;
  fs.mkdirSync(config.reportDir, { recursive: true });

  const dashboardOn = config.dashboard && stdout.isTTY === true;
  let state: DashboardState = initialState();
  const logger = createLogger({
    level: config.logLevel,
    file: config.logFile,
    // With the dashboard drawn, console lines would be overdrawn: they go to the file and warnings
    // also to the dashboard's message pane.
    console: dashboardOn ? 'none' : 'all',
    consoleStream: deps.logStream,
    secrets: config.apiKey ? [config.apiKey] : [],
    transports: dashboardOn
      ? [
          callbackTransport((i) => {
            state = addMessage(state, i.level, `[${i.thread ?? 'main'}] ${i.message}`);
          }),
        ]
      : [],
  });
  const log = logger.child({ thread: 'main', role: 'coordinator' });
  log.info('run starting', { config: maskConfig(config) });

  const recorder = new RunRecorder();
  const eventLog = new EventLog(config.reportDir);
  const tty = new TtyDashboard({ render: (w) => render(state, w), stream: stdout, enabled: dashboardOn });
  const threads: ThreadEntry[] = [];
  let profiler: MainProfiler | null = null;
  let sim: EmbeddedSimulator | null = null;
  let engine: EngineLike | null = null;
  let final: FinalAccount | null = null;
  // Set by fail() from callbacks: typed wide so later checks are not narrowed to the initial value.
  let failed = false as boolean;
  /** The exit code a user mistake calls for (2 or 3), when the failure was one. */
  let failedExit: number = EXIT.FAILED;
  let end: RunEnd | null = null;
  // Set by the signal handler while the run awaits: typed wide so later checks are not narrowed to the initial value.
  let interrupted = false as boolean;
  let stateTimer: NodeJS.Timeout | null = null;

  let stopRequested: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = (sig: string) => {
    if (interrupted) {
      log.warn(`${sig} again: exiting without a clean shutdown`);
      (deps.forceExit ?? ((c: number) => process.exit(c)))(EXIT_INTERRUPTED);
      return;
    }
    interrupted = true;
    log.warn(`${sig}: stopping (cancelling orders, stopping workers); press Ctrl-C again to force`);
    stopRequested();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  signals.on('SIGINT', onInt);
  signals.on('SIGTERM', onTerm);

  const fail = (what: string, e: unknown) => {
    if (!failed) failedExit = userErrorExit(e) ?? EXIT.FAILED;
    failed = true;
    const msg = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    // One line for the user; the stack trace is for bugs, at --log-level debug.
    log.error(msg);
    if (e instanceof Error && e.stack) log.debug('stack trace', { stack: e.stack });
    recorder.addError(msg);
  };

  try {
    if (config.profileDir) {
      profiler = await startMainProfiler(config.profileDir, config.profileIntervalUs);
      threads.push({ role: 'main', file: MAIN_PROFILE });
      log.info('profiling threads', { dir: config.profileDir });
    }
    let apiUrl = config.apiUrl;
    let apiKey = config.apiKey;
    if (config.command === 'default') {
      if (!deps.startSimulator) throw Errors.notAvailable('the embedded simulator');
      sim = await deps.startSimulator(config.sim, logger);
      apiUrl = sim.apiUrl;
      apiKey = sim.apiKey;
      log.info('embedded simulator started', { apiUrl, ...config.sim });
    }
    if (!apiUrl) throw Errors.badValue('--api-url', apiUrl, 'the RIT Client API URL');
    const profileDir = config.profileDir;
    engine = await deps.startEngine({
      config,
      apiUrl,
      apiKey,
      logger,
      onWorkerLog: (r) => logWorkerRecord(logger, r),
      profiling: {
        enabled: profileDir !== null,
        execArgvFor: (role) => (profileDir ? workerProfileExecArgv(profileDir, role, config.profileIntervalUs) : []),
        poolExecArgv: () => (profileDir ? workerProfileExecArgv(profileDir, undefined, config.profileIntervalUs) : []),
        registerThread: (entry) => {
          threads.push(
            entry.file || entry.threadId !== undefined
              ? entry
              : { ...entry, file: `${safeRole(entry.role)}.cpuprofile` },
          );
        },
      },
    });
    engine.on((e: EngineEvent) => {
      recorder.add(e);
      eventLog.write(e);
      if (e.type === 'log')
        logWorkerRecord(logger, { type: 'log', level: e.level, thread: e.thread, message: e.message });
      if (tty.active) {
        state = applyEvent(state, e);
        tty.update();
      }
    });
    if (tty.active) {
      const eng = engine;
      stateTimer = setInterval(() => {
        try {
          state = mergeEngineState(state, eng.getState());
          tty.update();
        } catch (e) {
          log.debug('getState failed', { error: String(e) });
        }
      }, deps.stateIntervalMs ?? 250);
      stateTimer.unref();
    }
    // The case clock starts once the engine is up (feeds polling, pool warm), so no tick is lost
    // to thread start-up: the case waits PAUSED at tick 0 until then.
    await Promise.race([engine.start(), stopped]);
    sim?.start?.();
    if (!interrupted) {
      log.info('trading');
      end = (await Promise.race([engine.waitForEnd(), stopped])) ?? null;
    }
    if (interrupted) log.info('stopping after a signal');
    else if (end?.reason === 'exchange-lost') log.error(`exchange lost: ${end.detail}`);
    else log.info('case ended', end ? { detail: end.detail } : {});
  } catch (e) {
    fail('run failed', e);
  }

  if (stateTimer) clearInterval(stateTimer);
  if (engine) {
    try {
      final = await engine.shutdown();
    } catch (e) {
      fail('engine shutdown failed', e);
    }
  }
  if (sim) {
    try {
      await sim.close();
    } catch (e) {
      fail('simulator close failed', e);
    }
  }
  tty.stop();
  if (profiler && config.profileDir) {
    try {
      await profiler.stop();
      const tj = writeThreadsJson(config.profileDir, threads);
      log.info('profiles written', {
        dir: config.profileDir,
        threads: tj.threads.length,
        unassigned: tj.unassigned.length,
      });
    } catch (e) {
      fail('writing profiles failed', e);
    }
  }
  await eventLog.close();
  if (eventLog.error) fail('writing events.jsonl failed', eventLog.error);

  const data = recorder.data();
  const endOfRun: RunSummary['end'] = interrupted
    ? { reason: 'signal', detail: null }
    : end
      ? { reason: end.reason, detail: end.detail }
      : failed
        ? { reason: 'failed', detail: null }
        : { reason: 'case-ended', detail: null };
  const summary = buildSummary({ data, final, config, startedAt, endedAt: now(), interrupted, end: endOfRun });
  let files = { summary: '', html: '' };
  try {
    files = writeReport(config.reportDir, { summary, data });
    log.info('report written', { dir: config.reportDir });
  } catch (e) {
    failed = true;
    log.error(`writing the report failed: ${(e as Error).message}`);
  }
  stdout.write(printSummary(summary) + (files.html ? `\nReport: ${files.html}\n` : ''));

  signals.off('SIGINT', onInt);
  signals.off('SIGTERM', onTerm);
  await closeLogger(logger);
  return {
    exitCode: interrupted
      ? EXIT.INTERRUPTED
      : end?.reason === 'exchange-lost'
        ? EXIT.EXCHANGE_LOST
        : failed
          ? failedExit
          : EXIT.CASE_ENDED,
    interrupted,
    summary,
    reportDir: config.reportDir,
    files: { ...files, events: eventLog.file },
  };
}
