import { MarketDataError } from './errors';

export interface PollDelays {
  /** From `--poll-delay MS`: applies to every security without its own value. */
  defaultMs?: number;
  /** From `--poll-delay TICKER=MS`. Tickers are case-sensitive, as in RIT. */
  perTicker: Record<string, number>;
}

/** Longest accepted delay: beyond a minute a "poll" is no longer a feed. */
export const MAX_POLL_DELAY_MS = 60_000;

const TICKER_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function parseMs(text: string, arg: string): number {
  const t = text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) {
    throw new MarketDataError(
      'MD_BAD_POLL_DELAY',
      `--poll-delay ${JSON.stringify(arg)}: "${t}" is not a non-negative number of milliseconds`,
    );
  }
  const ms = Number(t);
  if (ms > MAX_POLL_DELAY_MS) {
    throw new MarketDataError(
      'MD_BAD_POLL_DELAY',
      `--poll-delay ${JSON.stringify(arg)}: ${ms} ms is above the maximum ${MAX_POLL_DELAY_MS} ms`,
    );
  }
  return ms;
}

/**
 * Parses repeated `--poll-delay` values: `MS` (all securities) or `TICKER=MS` (one security).
 * Throws MarketDataError MD_BAD_POLL_DELAY naming the offending value; a ticker or the default given
 * twice is an error rather than a silent override.
 */
export function parsePollDelays(values: readonly string[]): PollDelays {
  const out: PollDelays = { perTicker: {} };
  for (const raw of values) {
    const arg = String(raw);
    const eq = arg.indexOf('=');
    if (eq < 0) {
      if (out.defaultMs !== undefined) {
        throw new MarketDataError(
          'MD_BAD_POLL_DELAY',
          `--poll-delay ${JSON.stringify(arg)}: the default delay was already given (${out.defaultMs} ms)`,
        );
      }
      out.defaultMs = parseMs(arg, arg);
      continue;
    }
    const ticker = arg.slice(0, eq).trim();
    if (!TICKER_RE.test(ticker)) {
      throw new MarketDataError(
        'MD_BAD_POLL_DELAY',
        `--poll-delay ${JSON.stringify(arg)}: expected TICKER=MS with a ticker such as RITC`,
      );
    }
    if (Object.prototype.hasOwnProperty.call(out.perTicker, ticker)) {
      throw new MarketDataError(
        'MD_BAD_POLL_DELAY',
        `--poll-delay ${JSON.stringify(arg)}: ${ticker} was already given`,
      );
    }
    out.perTicker[ticker] = parseMs(arg.slice(eq + 1), arg);
  }
  return out;
}

/** The delay for one security: its own, else the default, else `fallbackMs`. */
export function pollDelayFor(delays: PollDelays, ticker: string, fallbackMs: number): number {
  return delays.perTicker[ticker] ?? delays.defaultMs ?? fallbackMs;
}
