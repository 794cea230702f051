// Thread entry: a RIT-compatible simulator server in a worker thread (see @ritc/sim startSimWorker).
// workerData = SimOptions; posts {type:'started', url, port}; stops on {type:'stop'}.
import { runSimWorker } from '@ritc/sim';

runSimWorker().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
