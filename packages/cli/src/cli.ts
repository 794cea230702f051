const USAGE = `Usage: node dist/main.js [command] [flags]

Commands:
  (none)      trade a full simulated case on the embedded simulator and report
  trade       trade a RIT client (--api-url, --api-key or RIT_API_KEY)
  sim         run the RIT-compatible exchange simulator alone
  evaluate    trade many seeded simulated cases and compare with baselines

Run \`node dist/main.js <command> --help\` for the flags of a command.
`;

/** Parses argv and runs a sub-command; resolves to the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(`unknown command: ${argv[0]}\n\n${USAGE}`);
  return 2;
}
