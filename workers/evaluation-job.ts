// The job module of sweeps and evaluations (dist/evaluation-job.js): what `node dist/main.js worker`
// and BullMQ's sandboxed processors load to run one case. The same function runs jobs in-process for
// a local sweep.
import { caseJob } from '@ritc/evaluation';

export const runJob = caseJob;
export default caseJob;
