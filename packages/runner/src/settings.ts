import { DEFAULT_CONFIG } from '@ritc/engine';

/** One numeric setting: its flag (the config key is the table's key), default and accepted range. */
export interface NumberSetting {
  flag: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** The bounds themselves are refused. */
  exclusive?: boolean;
}

/**
 * Every numeric setting of a `default` or `trade` run: the one table of defaults and limits. A flag,
 * a config file key and the resolved RunConfig all read their default and range here; the outage
 * settings' defaults are the engine's own.
 */
export const SETTINGS = {
  seed: { flag: '--seed', default: 1, min: 0, max: 2 ** 31 - 1, integer: true },
  /** 300 ticks × 200 ms = one minute per case. */
  tickMs: { flag: '--tick-ms', default: 200, min: 1, max: 60_000, integer: true },
  ticks: { flag: '--ticks', default: 300, min: 1, max: 100_000, integer: true },
  /** Virtual clock: the shortest tick, ms (the simulator's own default is used when not given). */
  minTickMs: { flag: '--min-tick-ms', default: 2, min: 0, max: 60_000, integer: true },
  /** Pause between polls of one security, ms: 0 lets a feed poll back to back; above 10 s a feed is useless. */
  pollDelay: { flag: '--poll-delay', default: 5, min: 0, max: 10_000 },
  riskAversion: { flag: '--risk-aversion', default: 0.005, min: 0, max: 0.5, exclusive: true },
  profileIntervalUs: { flag: '--profile-interval-us', default: 500, min: 10, max: 1_000_000, integer: true },
  /** How long the exchange may go without answering before the run ends as exchange-lost, ms. */
  exchangeOutageMs: {
    flag: '--exchange-outage-ms',
    default: DEFAULT_CONFIG.exchangeOutageMs,
    min: 1,
    max: 3_600_000,
    integer: true,
  },
  /** First pause between retries while the exchange does not answer, ms (doubles up to the maximum). */
  outageBackoffBaseMs: {
    flag: '--outage-backoff-base-ms',
    default: DEFAULT_CONFIG.outageBackoffBaseMs,
    min: 1,
    max: 60_000,
    integer: true,
  },
  outageBackoffMaxMs: {
    flag: '--outage-backoff-max-ms',
    default: DEFAULT_CONFIG.outageBackoffMaxMs,
    min: 1,
    max: 60_000,
    integer: true,
  },
  /** During an outage, one warning per this many ms. */
  outageLogEveryMs: {
    flag: '--outage-log-every-ms',
    default: DEFAULT_CONFIG.outageLogEveryMs,
    min: 1,
    max: 3_600_000,
    integer: true,
  },
  /**
   * The longest the engine holds a ticker's orders when the exchange asks it to wait (a 429's
   * Retry-After or X-Wait-Until), ms: a broken or hostile answer cannot park the orders for minutes.
   */
  maxTickerHoldMs: {
    flag: '--max-ticker-hold-ms',
    default: DEFAULT_CONFIG.maxTickerHoldMs,
    min: 1,
    max: 60_000,
    integer: true,
  },
} as const satisfies Record<string, NumberSetting>;

export type SettingName = keyof typeof SETTINGS;

/** The settings the engine's config takes under the same names (the outage and the pacing bounds). */
export const ENGINE_SETTINGS = [
  'exchangeOutageMs',
  'outageBackoffBaseMs',
  'outageBackoffMaxMs',
  'outageLogEveryMs',
  'maxTickerHoldMs',
] as const satisfies readonly SettingName[];
export type EngineSettingName = (typeof ENGINE_SETTINGS)[number];

/** The flag's name without its dashes, as node:util parseArgs knows it. */
export function flagName(s: SettingName): string {
  return SETTINGS[s].flag.replace(/^--/, '');
}
