// Top self-time functions per thread of a `--profile DIR` run:
//   npm run profile:summary -- DIR [--top N]
import { profileSummaryMain } from '@ritc/cli';

process.exitCode = profileSummaryMain(process.argv.slice(2));
