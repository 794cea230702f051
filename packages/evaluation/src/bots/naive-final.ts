/**
 * The naive bot's end of case: cancel what is left, then read the exchange's account (positions,
 * NLV, open orders) for the report, retrying each read a few times.
 */
import type { RitClient } from '@ritc/rit-client';
import type { FinalAccount } from '@ritc/runner';
import type { NaiveOrderCounts } from './naive-orders';

export interface NaiveFinalState {
  rit: Pick<RitClient, 'cancelOrders' | 'getSecurities' | 'getTrader' | 'getOrders' | 'close'>;
  /** The bot's own positions, by ticker it trades. */
  positions: ReadonlyMap<string, { position: number }>;
  /** An order or accept's outcome is unknown: the exchange's positions are the bot's. */
  unsure: boolean;
  /** It market-made: its passive fills are known only from the exchange's positions. */
  marketMaking: boolean;
  counts: NaiveOrderCounts;
  fail(what: string, e: unknown): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function naiveFinalAccount(s: NaiveFinalState): Promise<FinalAccount> {
  const retry = async <T>(f: () => Promise<T>): Promise<T | null> => {
    for (let i = 0; i < 5; i++) {
      try {
        return await f();
      } catch (e) {
        s.fail('shutdown', e);
        await sleep(20);
      }
    }
    return null;
  };
  await retry(() => s.rit.cancelOrders({ all: true }));
  const secs = await retry(() => s.rit.getSecurities());
  const trader = await retry(() => s.rit.getTrader());
  const open = await retry(() => s.rit.getOrders('OPEN'));
  await s.rit.close();
  const positions: FinalAccount['positions'] = {};
  for (const x of secs ?? []) {
    if (x.type === 'CURRENCY') continue;
    const mine = s.positions.get(x.ticker);
    // Reconcile like any engine: after an unknown outcome the exchange's word is the position; a
    // market maker learns its passive fills from the exchange's positions too.
    if ((s.unsure || s.marketMaking) && mine) mine.position = x.position;
    // The naive bot trades only the tickers it takes tenders on; it holds nothing else.
    positions[x.ticker] = { engine: mine ? mine.position : 0, exchange: x.position };
  }
  const nlv = trader ? trader.nlv : null;
  return {
    nlv,
    positions,
    openOrdersAtExit: open ? open.length : -1,
    pnlBySource: s.marketMaking
      ? { MARKET_MAKER: nlv ?? 0, ARBITRAGE: 0, TENDER: 0 }
      : { MARKET_MAKER: 0, ARBITRAGE: 0, TENDER: nlv ?? 0 },
    orders: { ...s.counts },
  };
}
