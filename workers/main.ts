#!/usr/bin/env node
// Main-thread entry point: `node dist/main.js [sub-command] [flags]`.
import { runCli } from '@ritc/cli';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  },
);
