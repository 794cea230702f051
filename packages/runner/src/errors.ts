/**
 * Every error the CLI reports to a user carries a stable code, so scripts and tests can tell
 * them apart without matching message text. Messages always name the flag / key at fault.
 */
export type CliErrorCode =
  | 'CLI_UNKNOWN_FLAG'
  | 'CLI_BAD_VALUE'
  | 'CLI_MISSING_VALUE'
  | 'CLI_UNEXPECTED_ARGUMENT'
  | 'CLI_CONFIG_FILE'
  | 'CLI_MISSING_API_KEY'
  | 'CLI_NOT_AVAILABLE';

export class CliError extends Error {
  readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

export const Errors = {
  unknownFlag: (flag: string, command: string) =>
    new CliError('CLI_UNKNOWN_FLAG', `unknown flag ${flag} for '${command}' (see \`${command} --help\`)`),
  badValue: (flag: string, value: unknown, expected: string) =>
    new CliError('CLI_BAD_VALUE', `bad value for ${flag}: ${JSON.stringify(value)} (expected ${expected})`),
  missingValue: (flag: string) => new CliError('CLI_MISSING_VALUE', `flag ${flag} needs a value`),
  unexpectedArgument: (arg: string, command: string) =>
    new CliError('CLI_UNEXPECTED_ARGUMENT', `unexpected argument '${arg}' for '${command}'`),
  configFile: (file: string, detail: string) => new CliError('CLI_CONFIG_FILE', `config file ${file}: ${detail}`),
  missingApiKey: () =>
    new CliError('CLI_MISSING_API_KEY', 'trade needs an API key: pass --api-key KEY or set RIT_API_KEY'),
  notAvailable: (what: string) => new CliError('CLI_NOT_AVAILABLE', `${what} is not available in this build`),
};

export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}
