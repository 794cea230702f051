// Warm-up rounds of the inline fast paths: the strategy code is compiled before the first real
// tender or leg move has to pay for it. Results and failures are thrown away.
import type { Tender } from '@ritc/rit-client';
import type { StrategyContext, StrategyKind } from '@ritc/strategies';
import { monoNowMs } from '../runtime/clock';
import type { StrategyRunner } from './strategy-runner';

export interface WarmUp {
  build(): Promise<StrategyContext>;
  runner: StrategyRunner;
  stopping(): boolean;
}

/** Warm-up of a strategy that watches the legs: a few decisions on the current market. */
export async function warmOnMarket(kind: StrategyKind, w: WarmUp): Promise<void> {
  for (let i = 0; i < 20 && !w.stopping(); i++) {
    const context = { ...(await w.build()), fast: true };
    await w.runner
      .run({ kind, context, deadlineMs: monoNowMs() + 1000 }, AbortSignal.timeout(1000))
      // A warm-up round only compiles the code: its result and any failure are thrown away.
      .catch(() => undefined);
  }
}

/** Warm-up of a strategy that answers tenders: made-up tenders on either side of the ETF's touch. */
export async function warmOnTenders(
  kind: StrategyKind,
  w: WarmUp,
  etf: string,
  quote: () => { bid: number | null; ask: number | null } | null,
): Promise<void> {
  const base = await w.build();
  const q = quote();
  if (!q || q.bid == null || q.ask == null) return;
  for (let i = 0; i < 30 && !w.stopping(); i++) {
    const buy = i % 2 === 0;
    const t: Tender = {
      tender_id: -1 - i,
      period: base.period,
      tick: base.tick,
      expires: base.tick + 5,
      caption: 'warm-up',
      ticker: etf,
      quantity: 10_000,
      action: buy ? 'BUY' : 'SELL',
      is_fixed_bid: true,
      price: buy ? q.bid - 0.1 : q.ask + 0.1,
    };
    await w.runner
      .run({ kind, context: { ...base, tenders: [t] }, deadlineMs: monoNowMs() + 1000 }, AbortSignal.timeout(1000))
      // A warm-up round only compiles the code: its result and any failure are thrown away.
      .catch(() => undefined);
  }
}
