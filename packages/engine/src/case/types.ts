/**
 * What the engine knows of the case it trades, read from the server at start-up (GET /case,
 * /securities, /limits, /news). Every ticker, currency and leg the strategies trade comes from here.
 */

/** One security as the case lists it. */
export interface CaseSecurity {
  ticker: string;
  /** The API's type, upper case (STOCK, INDEX, CURRENCY, OPTION, …; a newer type is kept as given). */
  type: string;
  /** An exchange-traded fund: a share security with a basket (`underlying_tickers`). */
  isEtf: boolean;
  isCurrency: boolean;
  /** Quote currency ('' in a single-currency case that leaves it blank). */
  currency: string;
  /**
   * The security whose price converts this security's quote currency into the reporting currency
   * (null when it is quoted in the reporting currency, or when the case lists no converter).
   */
  fxTicker: string | null;
  quotedDecimals: number;
  /** Fee per share of a marketable order; a negative fee is paid to us. */
  tradingFee: number;
  /** Rebate per share of a passive fill; a negative rebate is charged to us. */
  limitOrderRebate: number;
  maxTradeSize: number;
  minTradeSize: number;
  isTradeable: boolean;
  isShortable: boolean;
  apiOrdersPerSecond: number;
  /** `limits[].units` as the API gives them, by limit group. */
  limitUnits: Record<string, number>;
  /** ETF basket: shares of each underlying per share (from `underlying_tickers`, weights from the description when it gives them, else 1). */
  composition: Record<string, number> | null;
  description: string;
}

export interface CaseLimitGroup {
  name: string;
  grossLimit: number;
  netLimit: number;
  grossFine: number;
  netFine: number;
  /** Securities counted in the group and their `units`. */
  members: Record<string, number>;
}

/** A limit a news item announced (e.g. "Position limit: 25,000", "Delta limit: 5,000"). */
export interface AnnouncedLimit {
  /** What is limited, lower case ("position", "delta", "gross", "net"). */
  kind: string;
  /** The ticker the news item is about ('' for general news). */
  ticker: string;
  limit: number;
  newsId: number;
}

/** A penalty a news item announced (e.g. "costs 0.01 CAD per unit of delta over the limit"). */
export interface AnnouncedPenalty {
  perUnit: number;
  currency: string;
  ticker: string;
  newsId: number;
}

export interface CaseNewsTerms {
  limits: AnnouncedLimit[];
  penalties: AnnouncedPenalty[];
  /** Every headline and body, as sent, for what the parser does not understand. */
  text: string[];
}

export interface CaseDescription {
  name: string;
  periods: number;
  ticksPerPeriod: number;
  enforcesLimits: boolean;
  /** The currency P&L is reported in (the base currency, CAD in the RIT cases). */
  reportingCurrency: string;
  /** Tickers in the server's order. */
  tickers: string[];
  securities: Record<string, CaseSecurity>;
  limits: CaseLimitGroup[];
  /** ETF tickers, in the server's order. */
  etfs: string[];
  /** Currency → the security converting it into the reporting currency. */
  fx: Record<string, string>;
  news: CaseNewsTerms;
}
