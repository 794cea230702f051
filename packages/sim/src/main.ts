/** The sim package's own command line: `node packages/sim/dist/main.js [flags]` = `node dist/main.js sim [flags]`. */
import { simMain } from './cli';

simMain(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`sim: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
