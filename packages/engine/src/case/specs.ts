import type { StrategyKind } from '@ritc/strategies';
import type { AssignmentPlan, EtfLegs } from './assign';

/** The parameters that name what a strategy trades: the case fills them, a user's value wins. */
export const TICKER_PARAMS: Readonly<Record<StrategyKind, readonly string[]>> = Object.freeze({
  marketMaking: ['tickers', 'etf', 'basket', 'fx'],
  arbitrage: ['etf', 'stocks', 'fx'],
  tender: ['ticker', 'basket', 'fx'],
  statArb: ['tickers', 'betas'],
});

interface Spec {
  kind: StrategyKind;
  enabled?: boolean;
  params?: Record<string, unknown>;
}

export interface ResolvedSpecs<S extends Spec> {
  specs: S[];
  /** The ETF legs the engine watches: the arbitrage's (as overridden), else the tender's, else the plan's. */
  legs: EtfLegs | null;
  /** Strategies turned off because the case gives them nothing to trade and no parameter names it. */
  disabled: StrategyKind[];
}

function hasAll(params: Record<string, unknown> | undefined, keys: readonly string[]): boolean {
  return keys.every((k) => params?.[k] !== undefined);
}

/**
 * Each spec with its ticker parameters from the assignment (the spec's own values override them).
 * A strategy with no assignment runs only when its parameters name every ticker it needs.
 */
export function resolveSpecs<S extends Spec>(specs: readonly S[], plan: AssignmentPlan): ResolvedSpecs<S> {
  const disabled: StrategyKind[] = [];
  const out = specs.map((s): S => {
    if (s.enabled === false) return s;
    const a = plan.assignments.find((x) => x.kind === s.kind);
    if (a) {
      const fromCase = { ...a.params };
      // A user who names the ETF names its listings too: the case's further listings go with its primary.
      const primary = s.kind === 'arbitrage' ? 'etf' : s.kind === 'tender' ? 'ticker' : null;
      const named = primary ? s.params?.[primary] : undefined;
      if (named !== undefined && s.params?.listings === undefined) {
        delete fromCase.listings;
        delete fromCase.listingFx;
      }
      // A tender on another listing of the case's basket: its other listings are the rest of them.
      const others: unknown[] = Array.isArray(fromCase.otherListings) ? fromCase.otherListings : [];
      if (s.kind === 'tender' && typeof named === 'string' && others.includes(named))
        fromCase.otherListings = [fromCase.ticker, ...others].filter((t) => t !== named);
      return { ...s, params: { ...fromCase, ...(s.params ?? {}) } };
    }
    // A kind the case helpers do not know (a custom runner's) is left as given.
    const keys = TICKER_PARAMS[s.kind] as readonly string[] | undefined;
    if (!keys || hasAll(s.params, s.kind === 'marketMaking' ? ['tickers'] : keys)) return s;
    disabled.push(s.kind);
    return { ...s, enabled: false };
  });
  const legsFrom = (kind: StrategyKind, etfKey: string, basketKey: string): EtfLegs | null => {
    const p = out.find((s) => s.kind === kind && s.enabled !== false)?.params;
    const etf = p?.[etfKey];
    const basket = p?.[basketKey];
    if (typeof etf !== 'string' || !etf || !Array.isArray(basket)) return null;
    const fx = p.fx;
    return { etf, basket: basket.map(String), fx: typeof fx === 'string' ? fx : '' };
  };
  const legs = legsFrom('arbitrage', 'etf', 'stocks') ?? legsFrom('tender', 'ticker', 'basket') ?? plan.legs;
  return { specs: out, legs, disabled };
}
