// `node packages/evaluation/dist/worker-main.js --queue redis://HOST:PORT [--concurrency N]
//   [--job-module PATH] [--queue-name NAME]… [--lock-ms MS] [--stalled-ms MS]`
// Serves sweep queues until SIGINT/SIGTERM, then finishes its running jobs and exits.
import { EvaluationError, errorMessage } from './errors';
import { WorkerOptions, startWorker } from './queue';

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new EvaluationError('E_ARGS', `${flag} ${v}: expected an integer ≥ 1`);
  return Number(v);
}

/** Parses the worker's flags. */
export function parseWorkerArgs(argv: readonly string[]): WorkerOptions {
  let url: string | undefined;
  const o: Omit<WorkerOptions, 'url'> = {};
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === undefined) break;
    if (value === undefined || value.startsWith('--')) throw new EvaluationError('E_ARGS', `${flag} needs a value`);
    i++;
    switch (flag) {
      case '--queue':
        url = value;
        break;
      case '--concurrency':
        o.concurrency = positiveInt(flag, value);
        break;
      case '--job-module':
        o.jobModule = value;
        break;
      case '--queue-name':
        names.push(value);
        break;
      case '--lock-ms':
        o.lockDuration = positiveInt(flag, value);
        break;
      case '--stalled-ms':
        o.stalledInterval = positiveInt(flag, value);
        break;
      default:
        throw new EvaluationError('E_ARGS', `unknown flag ${flag}`);
    }
  }
  if (url === undefined) throw new EvaluationError('E_ARGS', 'worker needs --queue redis://HOST:PORT');
  if (names.length > 0) o.queueNames = names;
  return { ...o, url };
}

async function main(): Promise<void> {
  const opts = parseWorkerArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`worker: ${line}\n`);
  const w = await startWorker({ ...opts, log });
  process.stdout.write(`worker ready ${w.name}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping after the running jobs');
    w.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`close failed: ${errorMessage(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`worker: ${errorMessage(e)}\n`);
    process.exit(2);
  });
}
