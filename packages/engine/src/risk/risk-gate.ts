import type { OrderAction, OrderType } from '@ritc/rit-client';
import type { Source } from '@ritc/strategies';
import type { EngineConfig } from '../config';
import type { EngineEvent, RiskState } from '../events';
import type { EngineSecurity } from '../securities';
import { acceptable, groupUsage, type GroupUsage, type LimitGroup, type TickerExposure } from './worst-case';

/** An order as the gate sees it: one child (already split), whole shares, rounded price. */
export interface GateOrder {
  ticker: string;
  type: OrderType;
  action: OrderAction;
  quantity: number;
  price?: number | null;
  source: Source;
}

export interface Quote {
  bid: number | null;
  ask: number | null;
}

export interface RiskGateDeps {
  config: EngineConfig;
  securities(): Record<string, EngineSecurity>;
  limits(): LimitGroup[];
  /** Current filled positions and live orders' remaining sizes, per ticker. */
  exposures(): Record<string, TickerExposure>;
  /** Top of book, or null when unknown (then the price check is skipped). */
  quote(ticker: string): Quote | null;
  caseActive(): boolean;
  emit(e: EngineEvent): void;
  now(): number;
  tick(): number;
}

export interface GateVerdict<T extends GateOrder> {
  admitted: T[];
  refused: Array<{ order: T; reason: string }>;
}

/**
 * The single pre-trade check. Orders of a batch are admitted one by one against the worst case of
 * everything already live plus the orders admitted before them, so a burst that would breach a
 * limit together is cut exactly where it would cross.
 */
export class RiskGate {
  private riskState: RiskState = 'ACTIVE';
  private peakNlvCad: number | null = null;
  private lastNlvCad: number | null = null;
  private haltedAtTick: number | null = null;
  private haltedByKillSwitch = false;
  /** Called when the kill switch fires (the coordinator cancels every order). */
  onHalt: (reason: string) => void = () => {};

  constructor(private readonly d: RiskGateDeps) {}

  get state(): RiskState {
    return this.riskState;
  }

  setState(state: RiskState, reason: string): void {
    if (state === this.riskState) return;
    this.riskState = state;
    if (state !== 'HALTED') {
      this.haltedAtTick = null;
      this.haltedByKillSwitch = false;
    }
    this.d.emit({ type: 'risk', t: this.d.now(), tick: this.d.tick(), state, reason });
  }

  /** Trading resumes (after a halt or reducing period); the NLV peak restarts from the current NLV. */
  resume(reason = 'resume command'): void {
    this.peakNlvCad = this.lastNlvCad;
    this.setState('ACTIVE', reason);
  }

  /**
   * Kill switch input: NLV in CAD (GET /trader). A drawdown from the peak of `killSwitchLossCad` or
   * more halts trading and asks the coordinator to cancel everything (it does not dump positions).
   */
  observeNlv(nlvCad: number): void {
    if (!Number.isFinite(nlvCad)) return;
    this.lastNlvCad = nlvCad;
    if (this.peakNlvCad == null || nlvCad > this.peakNlvCad) this.peakNlvCad = nlvCad;
    const loss = this.d.config.killSwitchLossCad;
    if (loss == null || this.riskState === 'HALTED') return;
    const drawdown = this.peakNlvCad - nlvCad;
    if (drawdown >= loss) {
      const reason = `kill switch: NLV ${nlvCad.toFixed(2)} CAD is ${drawdown.toFixed(2)} below its peak ${this.peakNlvCad.toFixed(2)} (limit ${loss})`;
      this.setState('HALTED', reason);
      this.haltedAtTick = this.d.tick();
      this.haltedByKillSwitch = true;
      this.onHalt(reason);
    }
  }

  /** Cool-off: a kill-switch halt lifts by itself `killSwitchCoolOffTicks` ticks later. */
  observeTick(tick: number): void {
    const cool = this.d.config.killSwitchCoolOffTicks;
    if (this.riskState !== 'HALTED' || !this.haltedByKillSwitch || cool == null || this.haltedAtTick == null) return;
    if (tick - this.haltedAtTick >= cool) this.resume(`cool-off of ${cool} ticks over`);
  }

  get drawdownCad(): number | null {
    return this.peakNlvCad == null || this.lastNlvCad == null ? null : this.peakNlvCad - this.lastNlvCad;
  }

  /** Whether every order of the set would be admitted now (a dry run of admit: nothing is recorded). */
  canExecuteOrders(orders: readonly GateOrder[]): boolean {
    return this.admit(orders).refused.length === 0;
  }

  /** Admits orders in sequence; the worst case accumulates over the admitted ones. */
  admit<T extends GateOrder>(orders: readonly T[]): GateVerdict<T> {
    const exposures = cloneExposures(this.d.exposures());
    const securities = this.d.securities();
    const groups = this.d.limits();
    const out: GateVerdict<T> = { admitted: [], refused: [] };
    for (const o of orders) {
      const reason = this.check(o, exposures, securities, groups);
      if (reason) {
        out.refused.push({ order: o, reason });
        continue;
      }
      const x = (exposures[o.ticker] ??= { position: 0, buys: 0, sells: 0 });
      if (o.action === 'BUY') x.buys += o.quantity;
      else x.sells += o.quantity;
      out.admitted.push(o);
    }
    return out;
  }

  /** Limit usage now (filled and worst case), for the dashboard. */
  usage(): GroupUsage[] {
    const ex = this.d.exposures();
    const sec = this.d.securities();
    return this.d.limits().map((g) => groupUsage(g, ex, sec));
  }

  /**
   * Whether booking `signedQty` of `ticker` outright (a tender) keeps every group acceptable. In
   * REDUCING only a tender that reduces the position passes, unless it is held to the close
   * (`holdToClose`) and the close-out is free: it then needs no trade before the end, and the limits
   * are checked as always.
   */
  checkOutright(ticker: string, signedQty: number, holdToClose = false): string | null {
    if (this.riskState === 'HALTED') return 'trading halted';
    const exposures = cloneExposures(this.d.exposures());
    const securities = this.d.securities();
    const before = exposures[ticker] ?? { position: 0, buys: 0, sells: 0 };
    const held = holdToClose && this.d.config.closeOutFree;
    if (this.riskState === 'REDUCING' && !held && !reduces(before, signedQty))
      return 'REDUCING: tender would not reduce the position';
    for (const g of this.d.limits()) {
      const u0 = groupUsage(g, exposures, securities);
      exposures[ticker] = { ...before, position: before.position + signedQty };
      const u1 = groupUsage(g, exposures, securities);
      exposures[ticker] = before;
      if (!acceptable(u0, u1, this.d.config.limitUsage)) return limitReason(g, u1, this.d.config.limitUsage);
    }
    return null;
  }

  private check(
    o: GateOrder,
    exposures: Record<string, TickerExposure>,
    securities: Record<string, EngineSecurity>,
    groups: LimitGroup[],
  ): string | null {
    if (this.riskState === 'HALTED') return 'trading halted';
    if (!this.d.caseActive()) return 'case not ACTIVE';
    const sec = securities[o.ticker];
    if (!sec) return `unknown ticker ${o.ticker}`;
    if (!sec.isTradeable) return `${o.ticker} is not tradeable`;
    if (!Number.isInteger(o.quantity) || o.quantity <= 0)
      return `quantity ${o.quantity} is not a positive whole number`;
    if (o.quantity > sec.maxTradeSize) return `quantity ${o.quantity} above max_trade_size ${sec.maxTradeSize}`;
    if (o.quantity < sec.minTradeSize) return `quantity ${o.quantity} below min_trade_size ${sec.minTradeSize}`;
    const priceReason = this.checkPrice(o);
    if (priceReason) return priceReason;
    const x = exposures[o.ticker] ?? { position: 0, buys: 0, sells: 0 };
    if (this.riskState === 'REDUCING') {
      // Worst case on the order's side must move toward zero without crossing it.
      const side: TickerExposure =
        o.action === 'BUY'
          ? { position: x.position + x.buys, buys: 0, sells: 0 }
          : { position: x.position - x.sells, buys: 0, sells: 0 };
      if (!reduces(side, o.action === 'BUY' ? o.quantity : -o.quantity))
        return 'REDUCING: order does not reduce the position';
    }
    const after: TickerExposure = {
      ...x,
      buys: x.buys + (o.action === 'BUY' ? o.quantity : 0),
      sells: x.sells + (o.action === 'SELL' ? o.quantity : 0),
    };
    for (const g of groups) {
      if (!sec.limitWeights[g.name]) continue;
      const u0 = groupUsage(g, exposures, securities);
      exposures[o.ticker] = after;
      const u1 = groupUsage(g, exposures, securities);
      exposures[o.ticker] = x;
      if (!acceptable(u0, u1, this.d.config.limitUsage)) return limitReason(g, u1, this.d.config.limitUsage);
    }
    return null;
  }

  private checkPrice(o: GateOrder): string | null {
    const q = this.d.quote(o.ticker);
    if (o.type === 'LIMIT') {
      if (o.price == null || !Number.isFinite(o.price) || o.price <= 0)
        return `LIMIT price ${String(o.price)} is not a positive number`;
      if (!q) return null;
      const x = this.d.config.maxThroughTouchPct;
      const touch = o.action === 'BUY' ? (q.ask ?? q.bid) : (q.bid ?? q.ask);
      if (touch == null) return null;
      if (o.action === 'BUY' && o.price > touch * (1 + x))
        return `BUY ${o.price} more than ${x * 100}% through the touch ${touch}`;
      if (o.action === 'SELL' && o.price < touch * (1 - x))
        return `SELL ${o.price} more than ${x * 100}% through the touch ${touch}`;
      return null;
    }
    if (q && (o.action === 'BUY' ? q.ask : q.bid) == null)
      return `MARKET ${o.action} into an empty ${o.action === 'BUY' ? 'ask' : 'bid'} side`;
    return null;
  }
}

function reduces(x: TickerExposure, signedQty: number): boolean {
  const p = x.position;
  const after = p + signedQty;
  return (p > 0 && signedQty < 0 && after >= 0) || (p < 0 && signedQty > 0 && after <= 0);
}

function limitReason(g: LimitGroup, u: GroupUsage, usage: number): string {
  return `limit ${g.name}: worst case gross ${u.worstGross} / ${g.grossLimit * usage}, net ${u.worstNet} / ${g.netLimit * usage}`;
}

function cloneExposures(e: Record<string, TickerExposure>): Record<string, TickerExposure> {
  const out: Record<string, TickerExposure> = {};
  for (const [k, v] of Object.entries(e)) out[k] = { ...v };
  return out;
}
