// `worker` and `merge` flags → typed settings for @ritc/evaluation.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { EVALUATE_JOBS_FILE, type MergeSettings, type WorkerOptions } from '@ritc/evaluation';
import { CliError, runFolderName } from '@ritc/runner';
import { translateParseError } from './args';
import { parseFlags } from './case-flags';

export const WORKER_HELP = `Usage: node dist/main.js worker --queue redis://HOST:PORT [flags]

Runs the jobs of every sweep submitted to the queue (by \`tune --queue\` or \`evaluate --queue\`), on
this machine, until SIGINT or SIGTERM (then it finishes its running jobs and exits). Each job runs
in a child process. Start one per machine with --concurrency about the number of cores, or several.

Flags:
  --queue URL                 redis://[user:password@]HOST:PORT[/DB] or redis+unix:///path/to/socket
  --concurrency N             jobs at once (default 1)
  --job-module PATH           the module that runs a case (default dist/evaluation-job.js)
  --queue-name NAME           serve only this queue (repeatable; default every sweep queue)
  --lock-ms MS                how long a dead worker's job stays locked (default 30000)
  --stalled-ms MS             how often stalled jobs are looked for (default 30000)
  -h, --help                  this help
`;

export const MERGE_HELP = `Usage: node dist/main.js merge DIR… [--out DIR]

Combines the outputs of \`tune --shard K/N\` (tune.json) or \`evaluate --shard K/N\`
(${EVALUATE_JOBS_FILE}) into one report, each job once; refuses outputs of different builds.

Flags:
  --out DIR                   output folder (default runs/merge-<timestamp>)
  -h, --help                  this help
`;

const WORKER_FLAGS = {
  help: { type: 'boolean', short: 'h' },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  'job-module': { type: 'string' },
  'queue-name': { type: 'string', multiple: true },
  'lock-ms': { type: 'string' },
  'stalled-ms': { type: 'string' },
} as const;

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError('CLI_BAD_VALUE', `${flag} ${v}: expected an integer ≥ 1`);
  return Number(v);
}

/** `worker` flags → the queue worker's options, or a request for the help. */
export function parseWorkerArgs(argv: string[]): { help: true } | { help: false; options: WorkerOptions } {
  const v = parseFlags('worker', argv, WORKER_FLAGS);
  if (v.help === true) return { help: true };
  const s = (k: string): string | undefined => (typeof v[k] === 'string' ? v[k] : undefined);
  const url = s('queue');
  if (url === undefined) throw new CliError('CLI_BAD_VALUE', 'worker needs --queue redis://HOST:PORT');
  const options: WorkerOptions = { url };
  const concurrency = s('concurrency');
  if (concurrency !== undefined) options.concurrency = positiveInt('--concurrency', concurrency);
  const jobModule = s('job-module');
  if (jobModule !== undefined) options.jobModule = jobModule;
  const names = v['queue-name'];
  if (Array.isArray(names) && names.length > 0) options.queueNames = names.map(String);
  const lock = s('lock-ms');
  if (lock !== undefined) options.lockDuration = positiveInt('--lock-ms', lock);
  const stalled = s('stalled-ms');
  if (stalled !== undefined) options.stalledInterval = positiveInt('--stalled-ms', stalled);
  return { help: false, options };
}

/** `merge DIR… [--out DIR]` → the folders to combine and where the report goes, or a request for the help. */
export function parseMergeArgs(
  argv: string[],
  o: { cwd?: string; now?: Date } = {},
): { help: true } | { help: false; settings: MergeSettings } {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    const r = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' }, out: { type: 'string' } },
    });
    values = r.values;
    positionals = r.positionals;
  } catch (e) {
    throw translateParseError(e, 'merge');
  }
  if (values.help === true) return { help: true };
  if (positionals.length === 0) throw new CliError('CLI_BAD_VALUE', 'merge needs output folders (see `merge --help`)');
  const cwd = o.cwd ?? process.cwd();
  const out =
    typeof values.out === 'string' ? values.out : path.join('runs', `merge-${runFolderName(o.now ?? new Date())}`);
  return {
    help: false,
    settings: { dirs: positionals.map((p) => path.resolve(cwd, p)), outDir: path.resolve(cwd, out) },
  };
}
