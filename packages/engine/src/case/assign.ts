import type { StrategyKind } from '@ritc/strategies';
import { announcedBetas, referenceIndex } from './betas';
import type { CaseDescription, CaseSecurity } from './types';

/** The legs the ETF strategies work on: an ETF, its basket, and the security converting the ETF's currency. */
export interface EtfLegs {
  etf: string;
  basket: string[];
  /** '' when the ETF is quoted in its basket's currency. */
  fx: string;
}

/** What one strategy runs on, and the ticker parameters that tell it so. */
export interface StrategyAssignment {
  kind: StrategyKind;
  tickers: string[];
  /** Ticker parameters of the strategy, from the case (user parameters override them). */
  params: Record<string, unknown>;
  /** What the first log line adds after the tickers (stat arb: the betas, as read or to estimate). */
  detail?: string;
}

export interface SkippedAssignment {
  kind: StrategyKind;
  /** The ticker left out ('*' when the case has nothing the strategy could run on). */
  ticker: string;
  reason: string;
}

export interface AssignmentPlan {
  assignments: StrategyAssignment[];
  skipped: SkippedAssignment[];
  /** The ETF legs the engine watches, hedges and reads depth for (null: the case has no usable ETF). */
  legs: EtfLegs | null;
  /** Tradeable securities converting a foreign currency into the reporting currency (hedged, sampled). */
  fxTickers: string[];
}

/** Types a market maker quotes (an option's price comes from a model it does not have). */
const QUOTED_TYPES = new Set(['STOCK', 'ETF', 'INDEX']);

function tradeableShare(s: CaseSecurity | undefined): s is CaseSecurity {
  return s !== undefined && s.isTradeable && !s.isCurrency;
}

/**
 * Why an ETF cannot carry the ETF strategies, or null when it can. Their valuation compares the
 * ETF with a basket of two stocks at one share each, converted through one currency security when
 * the ETF is quoted in another currency than its basket (none when it is quoted in the same one).
 */
function etfProblem(d: CaseDescription, etf: CaseSecurity): string | null {
  if (!etf.isTradeable) return 'the ETF does not trade';
  const basket = Object.keys(etf.composition ?? {});
  const untraded = basket.filter((t) => !tradeableShare(d.securities[t]));
  if (untraded.length) return `basket ${untraded.join(',')} does not trade`;
  if (basket.length !== 2) return `a basket of ${basket.length} stocks (the valuation takes two)`;
  if (Object.values(etf.composition ?? {}).some((w) => w !== 1)) return 'basket weights other than 1 share each';
  const ccys = new Set(basket.map((t) => d.securities[t]!.currency));
  if (ccys.size !== 1) return 'basket stocks in different currencies';
  const basketCcy = [...ccys][0]!;
  if (basketCcy !== d.reportingCurrency) return 'basket not quoted in the reporting currency';
  if (etf.currency === basketCcy) return null;
  const fx = etf.fxTicker;
  if (!fx || !d.securities[fx]?.isTradeable) return `no tradeable security converts ${etf.currency}`;
  return null;
}

function legsOf(d: CaseDescription, ticker: string): EtfLegs {
  const etf = d.securities[ticker]!;
  // An ETF quoted in its basket's currency has no FX leg.
  const basket = Object.keys(etf.composition ?? {});
  const basketCcy = d.securities[basket[0] ?? '']?.currency;
  return { etf: ticker, basket, fx: etf.currency === basketCcy ? '' : (etf.fxTicker ?? '') };
}

/**
 * The ETFs the ETF strategies carry: the primary listing (the first quoted in a foreign currency, else
 * the first; the engine watches its legs) and the other listings of the same basket, traded alongside
 * (against the basket and against each other). An ETF on another basket is skipped with its reason.
 */
function chooseEtfs(d: CaseDescription): {
  legs: EtfLegs | null;
  listings: EtfLegs[];
  skips: Array<{ ticker: string; reason: string }>;
} {
  const skips: Array<{ ticker: string; reason: string }> = [];
  const ok: EtfLegs[] = [];
  for (const t of d.etfs) {
    const problem = etfProblem(d, d.securities[t]!);
    if (problem) skips.push({ ticker: t, reason: problem });
    else ok.push(legsOf(d, t));
  }
  const legs = ok.find((l) => l.fx !== '') ?? ok[0] ?? null;
  const listings: EtfLegs[] = [];
  if (legs) {
    const same = otherListings(d, legs.etf);
    for (const l of ok) {
      if (l.etf === legs.etf) continue;
      if (same.includes(l.etf)) listings.push(l);
      else skips.push({ ticker: l.etf, reason: `one basket per run: ${legs.etf}'s is traded` });
    }
  }
  return { legs, listings, skips };
}

/** The case's other ETFs holding exactly the same basket as `etf` (the same fund listed again). */
function otherListings(d: CaseDescription, etf: string): string[] {
  const same = (a: Record<string, number> | null, b: Record<string, number> | null): boolean =>
    a !== null &&
    b !== null &&
    Object.keys(a).length === Object.keys(b).length &&
    Object.entries(a).every(([k, w]) => b[k] === w);
  const mine = d.securities[etf]?.composition ?? null;
  return d.etfs.filter((t) => t !== etf && same(d.securities[t]?.composition ?? null, mine));
}

/** The stocks and betas stat arb trades against the case's index, or why it has none. */
function statArbProblem(
  d: CaseDescription,
  legs: EtfLegs | null,
): string | { index: string; tickers: string[]; betas: number[] } {
  const index = referenceIndex(d);
  if (!index) return 'the case lists no non-tradeable index';
  if (legs) return `one arbitrage per run: ${legs.etf} is traded`;
  const given = announcedBetas(d);
  const tickers = d.tickers.filter((t) => given[t] !== undefined);
  if (tickers.length >= 2) return { index, tickers, betas: tickers.map((t) => given[t]!) };
  // Betas the text does not give are estimated by the strategy from the stocks' common move.
  const stocks = d.tickers.filter((t) => d.securities[t]!.type === 'STOCK' && tradeableShare(d.securities[t]));
  if (stocks.length < 2) return `${stocks.length} tradeable stock(s) to trade against ${index}, not two`;
  return { index, tickers: stocks, betas: [] };
}

/**
 * Which strategy runs on which tickers, from the case alone (pure). `kinds` are the strategies
 * asked for; each gets an assignment or a reason it was left out.
 * - arbitrage: every ETF whose basket trades, on one basket: the primary listing (etf/stocks/fx) and the
 *   other listings of that basket (`listings`/`listingFx`, fx '' for one quoted in the basket's
 *   currency), one instance over all of them; an ETF on another basket is listed as skipped;
 * - tender: the same listings through the ETF path, and every other tradeable share security on its own
 *   (a tender on it is valued on its own book and unwound in it); the primary's other listings as
 *   `otherListings` too (they decide how a tender's risk is weighed);
 * - market making: every tradeable stock and ETF whose passive fills are not charged (rebate ≥ 0),
 *   the stocks first, with the ETF legs for the ETF's fair value;
 * - stat arb: the tradeable stocks the case gives betas to a non-tradeable index for (two or more;
 *   else every tradeable stock, the betas left to the strategy to estimate), when no ETF is
 *   arbitraged (the two share the arbitrage's book).
 */
export function assignStrategies(d: CaseDescription, kinds: readonly StrategyKind[]): AssignmentPlan {
  const skipped: SkippedAssignment[] = [];
  const assignments: StrategyAssignment[] = [];
  const { legs, listings, skips: etfSkips } = chooseEtfs(d);
  const listingTickers = listings.map((l) => l.etf);
  // Further listings, as the arbitrage and tender parameters name them (fx '' when none).
  const listingParams: Record<string, unknown> = listings.length
    ? { listings: listingTickers, listingFx: listings.map((l) => l.fx) }
    : {};
  const allLegs = legs ? [legs, ...listings] : [];
  const legTickers = [...new Set(allLegs.flatMap((l) => [l.etf, ...l.basket, l.fx]).filter(Boolean))];
  const fxTickers = [...new Set(Object.values(d.fx))].filter((t) => d.securities[t]?.isTradeable);
  for (const kind of kinds) {
    if (kind === 'tender') {
      // Every other tradeable share security (not an option: its price needs a model) is tendered on its
      // own: valued on its book and unwound in itself. The basket stocks are the ETF path's hedge legs.
      const singles = d.tickers.filter((t) => {
        const sec = d.securities[t];
        return (
          tradeableShare(sec) &&
          QUOTED_TYPES.has(sec.type) &&
          t !== legs?.etf &&
          !listingTickers.includes(t) &&
          !legs?.basket.includes(t)
        );
      });
      // An ETF the ETF path cannot carry that still trades is tendered on its own like a stock.
      for (const s of etfSkips) if (!singles.includes(s.ticker)) skipped.push({ kind, ...s });
      if (!legs && !singles.length) {
        skipped.push({ kind, ticker: '*', reason: 'no tradeable security to take tenders on' });
        continue;
      }
      const others = legs ? otherListings(d, legs.etf) : [];
      const params: Record<string, unknown> = legs
        ? {
            ticker: legs.etf,
            basket: [...legs.basket],
            fx: legs.fx,
            singles,
            ...(others.length ? { otherListings: others } : {}),
            ...listingParams,
          }
        : { singles };
      assignments.push({ kind, tickers: [...new Set([...legTickers, ...singles])], params });
    } else if (kind === 'statArb') {
      const skip = statArbProblem(d, legs);
      if (typeof skip === 'string') skipped.push({ kind, ticker: '*', reason: skip });
      else
        assignments.push({
          kind,
          tickers: [...skip.tickers, skip.index],
          params: { tickers: skip.tickers, betas: skip.betas },
          detail: skip.betas.length ? `betas ${skip.betas.join('/')}` : 'betas estimated from the stocks',
        });
    } else if (kind === 'arbitrage') {
      for (const s of etfSkips) skipped.push({ kind, ...s });
      if (!legs) {
        if (!d.etfs.length) skipped.push({ kind, ticker: '*', reason: 'the case lists no ETF' });
        continue;
      }
      const params = { etf: legs.etf, stocks: [...legs.basket], fx: legs.fx, ...listingParams };
      assignments.push({ kind, tickers: legTickers, params });
    } else {
      const shares = d.tickers.map((t) => d.securities[t]!).filter((s) => tradeableShare(s));
      const quoted: string[] = [];
      for (const s of [...shares.filter((x) => !x.isEtf), ...shares.filter((x) => x.isEtf)]) {
        if (!QUOTED_TYPES.has(s.type)) skipped.push({ kind, ticker: s.ticker, reason: `type ${s.type} is not quoted` });
        else if (s.limitOrderRebate < 0)
          skipped.push({ kind, ticker: s.ticker, reason: `passive fills are charged (rebate ${s.limitOrderRebate})` });
        else quoted.push(s.ticker);
      }
      if (!quoted.length) {
        skipped.push({ kind, ticker: '*', reason: 'no tradeable stock to quote' });
        continue;
      }
      assignments.push({
        kind,
        tickers: quoted,
        params: { tickers: quoted, etf: legs?.etf ?? '', basket: legs ? [...legs.basket] : [], fx: legs?.fx ?? '' },
      });
    }
  }
  return { assignments, skipped, legs, fxTickers };
}

/** One line per strategy for the run's first log lines: "arbitrage: XETF,AAA,BBB,EUR". */
export function describeAssignment(plan: AssignmentPlan): string[] {
  const lines = plan.assignments.map((a) => `${a.kind}: ${a.tickers.join(',')}${a.detail ? ` (${a.detail})` : ''}`);
  for (const s of plan.skipped) lines.push(`${s.kind} skips ${s.ticker}: ${s.reason}`);
  return lines;
}
