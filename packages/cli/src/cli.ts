import { HELP, parseRunArgs, type RunCommand } from './args';
import { isCliError, loadDefaultDeps, loadSimMain, runTrading, type RunDeps } from '@ritc/runner';
import { evaluateCommand, mergeCommand, tuneCommand, workerCommand } from '@ritc/evaluation';
import { EVALUATE_HELP, parseEvaluateArgs } from './evaluate-args';
import { TUNE_HELP, parseTuneArgs } from './tune-args';
import { MERGE_HELP, WORKER_HELP, parseMergeArgs, parseWorkerArgs } from './worker-merge-args';

const USAGE = `Usage: node dist/main.js [command] [flags]

Commands:
  (none)      trade a full simulated case on the embedded simulator and report
  trade       trade a RIT client (--api-url, --api-key or RIT_API_KEY)
  sim         run the RIT-compatible exchange simulator alone
  evaluate    trade many seeded simulated cases and compare with baselines
  tune        evaluate parameter sets on the same seeds and rank them
  worker      run the cases of sweeps sent to a Redis queue (tune/evaluate --queue)
  merge       combine the outputs of --shard K/N runs into one report

Run \`node dist/main.js <command> --help\` for the flags of a command.

`;

export interface CliDeps {
  /** Engine and simulator factories; default: loadDefaultDeps() (@ritc/engine startEngine, embedded @ritc/sim). */
  run?: RunDeps;
  /** `sim` sub-command; default @ritc/sim simMain. */
  simMain?: (argv: string[]) => Promise<number>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: { write(s: string): unknown };
  stderr?: { write(s: string): unknown };
}

/** Parses argv and runs a sub-command; resolves to the process exit code. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;
  const [first, ...rest] = argv;
  try {
    if (first === '--help' || first === '-h' || first === 'help') {
      out.write(USAGE + HELP.default);
      return 0;
    }
    if ((first === undefined || first.startsWith('-')) && argv.includes('--list-cases'))
      return await (deps.simMain ?? loadSimMain())(['--list-cases']);
    if (first === undefined || first.startsWith('-')) return await runCommand('default', argv, deps);
    switch (first) {
      case 'trade':
        return await runCommand('trade', rest, deps);
      case 'sim': {
        const simMain = deps.simMain ?? loadSimMain();
        return await simMain(rest);
      }
      case 'evaluate': {
        const parsed = parseEvaluateArgs(rest, { cwd: deps.cwd });
        if (parsed.help) {
          out.write(EVALUATE_HELP);
          return 0;
        }
        const run = deps.run;
        return await evaluateCommand(parsed.settings, {
          startEngine: run ? (ctx) => run.startEngine(ctx) : undefined,
          stdout: out,
          stderr: err,
          cwd: deps.cwd,
        });
      }
      case 'tune': {
        const parsed = parseTuneArgs(rest, { cwd: deps.cwd, env: deps.env });
        if ('help' in parsed) {
          out.write(TUNE_HELP);
          return 0;
        }
        if ('listParams' in parsed) {
          out.write(parsed.listParams);
          return 0;
        }
        return await tuneCommand(parsed.settings, { stdout: out, stderr: err, cwd: deps.cwd, env: deps.env });
      }
      case 'worker': {
        const parsed = parseWorkerArgs(rest);
        if (parsed.help) {
          out.write(WORKER_HELP);
          return 0;
        }
        return await workerCommand(parsed.options, { stdout: out, stderr: err });
      }
      case 'merge': {
        const parsed = parseMergeArgs(rest, { cwd: deps.cwd });
        if (parsed.help) {
          out.write(MERGE_HELP);
          return 0;
        }
        return await mergeCommand(parsed.settings, { stdout: out, stderr: err, cwd: deps.cwd });
      }
      default:
        err.write(`unknown command: ${first}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (isCliError(e)) {
      err.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function runCommand(command: RunCommand, argv: string[], deps: CliDeps): Promise<number> {
  const parsed = parseRunArgs(command, argv, { env: deps.env ?? process.env, cwd: deps.cwd });
  const out = deps.stdout ?? process.stdout;
  if (parsed.help) {
    out.write(HELP[command]);
    return 0;
  }
  const result = await runTrading(parsed.config, deps.run ?? loadDefaultDeps());
  return result.exitCode;
}
