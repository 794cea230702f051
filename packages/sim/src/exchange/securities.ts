import type { SecurityConfig } from '../config';

/** Cash and fees are kept as integers in units of 1e-4 of a currency, so the arithmetic is exact. */
export const CASH_SCALE = 10_000;

/** Runtime facts about one security, derived from its config. */
export interface SecMeta {
  idx: number;
  cfg: SecurityConfig;
  ticker: string;
  isCurrency: boolean;
  /** Security index of the quote currency. */
  quoteIdx: number;
  /** Security index the position is held on: itself, or the primary listing of another venue. */
  posIdx: number;
  /** 10^quotedDecimals: priceInt = round(price × scale). */
  scale: number;
  /** Cash units (1e-4) per (priceInt × share), times the contract multiplier. */
  unitMul: number;
  feeUnits: number;
  rebateUnits: number;
}

export function buildMeta(list: SecurityConfig[]): SecMeta[] {
  const idx = new Map(list.map((s, i) => [s.ticker, i]));
  return list.map((cfg, i) => {
    const quoteIdx = idx.get(cfg.currency);
    if (quoteIdx === undefined) throw new Error(`security ${cfg.ticker}: unknown currency ${cfg.currency}`);
    const scale = 10 ** cfg.quotedDecimals;
    const posIdx = cfg.venueOf === undefined ? i : idx.get(cfg.venueOf);
    if (posIdx === undefined) throw new Error(`security ${cfg.ticker}: unknown primary venue ${cfg.venueOf}`);
    return {
      posIdx,
      idx: i,
      cfg,
      ticker: cfg.ticker,
      isCurrency: cfg.type === 'CURRENCY',
      quoteIdx,
      scale,
      unitMul: (CASH_SCALE / scale) * cfg.multiplier,
      feeUnits: Math.round(cfg.tradingFee * CASH_SCALE),
      rebateUnits: Math.round(cfg.limitOrderRebate * CASH_SCALE),
    };
  });
}

/** Rounds a price to the security's grid (as an integer number of grid steps). */
export const toPriceInt = (m: SecMeta, price: number): number => Math.round(price * m.scale);
export const fromPriceInt = (m: SecMeta, p: number): number => p / m.scale;
