/**
 * ETF converters, built from the case's first ETF and its composition (RIT's 2020 ETF case: assets
 * ETF-Creation (10,000 BULL + 10,000 BEAR + 1,500 USD -> 10,000 RITC) and ETF-Redemption (10,000
 * RITC + 1,500 USD -> 10,000 BULL + 10,000 BEAR), type REFINERY, 2 ticks per conversion). The cost
 * is paid in the ETF's currency. A case without an ETF, or with converters disabled, has none; an
 * ETF listed in several currencies has a pair per listing (TICKER-Creation, TICKER-Redemption). In
 * the 2020 case they were manual-only, so API use answers 403 API_DISABLED unless the scenario sets
 * converters.apiEnabled.
 *
 * Accounting: inputs leave the position and outputs arrive at current mid prices (realized P&L is
 * computed at those transfer prices), with no cash movement except the USD cost; the trader's nlv
 * is therefore unaffected by the transfer prices.
 */
import type { Asset, AssetHistory, Lease, TickerQuantity } from '@ritc/rit-client';
import { SimError, badRequest, notFound } from '../errors';
import type { Exchange } from './exchange';
import type { Account } from './accounts';
import { movePosition } from './accounts';
import { CASH_SCALE, type SecMeta } from './securities';
import { at, bump } from '../util/checked';

interface Conversion {
  lease: Lease;
  acct: Account;
  outputs: TickerQuantity[];
  finishTick: number;
}

export class ConverterDesk {
  readonly assets: Asset[] = [];
  readonly leases: Lease[] = [];
  readonly history: AssetHistory[] = [];
  private readonly running: Conversion[] = [];
  private nextLeaseId = 1;
  /** USD cost units (1e-4) charged per account index. */
  readonly costUnits = new Map<number, number>();

  constructor(private readonly ex: Exchange) {
    const c = ex.cfg.converters;
    const etfs = ex.metas.filter((m) => m.cfg.composition !== undefined);
    if (!c.enabled) return;
    // One ETF: ETF-Creation and ETF-Redemption, as RIT names them; an ETF listed several times
    // (one listing per currency) has a pair per listing, named after its ticker.
    for (const etf of etfs) this.addPair(etf, etfs.length === 1 ? 'ETF' : etf.ticker);
  }

  private addPair(etf: SecMeta, prefix: string): void {
    const ex = this.ex;
    const c = ex.cfg.converters;
    const comp = etf.cfg.composition;
    if (comp === undefined) return;
    const q = c.unitQuantity;
    const cur = etf.cfg.currency;
    const basket = Object.entries(comp).map(([ticker, n]) => ({ ticker, quantity: Math.round(n * q) }));
    const basketText = basket.map((x) => `${x.quantity} ${x.ticker}`).join(' and ');
    const base = {
      type: 'REFINERY',
      total_quantity: 1,
      available_quantity: 1,
      lease_price: 0,
      containment: null,
      ticks_per_conversion: c.ticksPerConversion,
      ticks_per_lease: c.ticksPerLease,
      is_available: true,
      start_period: 1,
      stop_period: ex.cfg.totalPeriods,
    };
    this.assets.push(
      {
        ticker: `${prefix}-Creation`,
        description: `Creates ${q} ${etf.ticker} from ${basketText} for ${c.costUsd} ${cur}`,
        ...base,
        convert_from: [...basket.map((x) => ({ ...x })), { ticker: cur, quantity: c.costUsd }],
        convert_to: [{ ticker: etf.ticker, quantity: q }],
      },
      {
        ticker: `${prefix}-Redemption`,
        description: `Redeems ${q} ${etf.ticker} into ${basketText} for ${c.costUsd} ${cur}`,
        ...base,
        convert_from: [
          { ticker: etf.ticker, quantity: q },
          { ticker: cur, quantity: c.costUsd },
        ],
        convert_to: basket.map((x) => ({ ...x })),
      },
    );
  }

  private requireApi(): void {
    if (!this.ex.cfg.converters.apiEnabled) {
      throw new SimError(
        403,
        'API_DISABLED',
        'Converters can be used from the RIT Client manually only in this case; API use is disabled (scenario converters.apiEnabled turns it on)',
      );
    }
  }

  asset(ticker: string): Asset {
    const a = this.assets.find((x) => x.ticker === ticker);
    if (!a) throw badRequest(`Unknown asset '${ticker}' (assets: ${this.assets.map((x) => x.ticker).join(', ')})`);
    return a;
  }

  lease(acct: Account, ticker: string, inputs: TickerQuantity[]): Lease {
    this.requireApi();
    if (this.ex.status !== 'ACTIVE') throw new SimError(409, 'CASE_NOT_ACTIVE', `The case is ${this.ex.status}`);
    const asset = this.asset(ticker);
    if (asset.available_quantity <= 0) throw new SimError(409, 'BAD_REQUEST', `${ticker} is already leased`);
    const ex = this.ex;
    const lease: Lease = {
      id: this.nextLeaseId++,
      ticker,
      type: asset.type,
      start_lease_period: ex.period,
      start_lease_tick: ex.tick,
      next_lease_period: ex.period,
      next_lease_tick: ex.tick + asset.ticks_per_lease,
      convert_from: null,
      convert_to: null,
      convert_finish_period: null,
      convert_finish_tick: null,
      containment_usage: null,
    };
    const k = inputs.length > 0 ? this.checkInputs(acct, asset, inputs) : 1;
    asset.available_quantity--;
    this.leases.push(lease);
    this.history.push({
      ticker,
      tick: ex.tick,
      action: 'LEASE',
      cost: asset.lease_price,
      convert_from: null,
      convert_to: null,
      convert_from_price: null,
      convert_to_price: null,
    });
    if (inputs.length > 0) this.start(acct, lease, asset, k);
    return lease;
  }

  findLease(id: number): Lease {
    const l = this.leases.find((x) => x.id === id);
    if (!l) throw notFound(`Lease ${id} not found`);
    return l;
  }

  use(acct: Account, id: number, inputs: TickerQuantity[]): Lease {
    this.requireApi();
    if (this.ex.status !== 'ACTIVE') throw new SimError(409, 'CASE_NOT_ACTIVE', `The case is ${this.ex.status}`);
    const lease = this.findLease(id);
    if (lease.convert_finish_tick !== null)
      throw badRequest(`Lease ${id} is busy converting until tick ${lease.convert_finish_tick}`);
    const asset = this.asset(lease.ticker);
    const k = this.checkInputs(acct, asset, inputs);
    this.start(acct, lease, asset, k);
    return lease;
  }

  unlease(id: number): void {
    this.requireApi();
    const lease = this.findLease(id);
    if (lease.convert_finish_tick !== null)
      throw badRequest(`Lease ${id} is busy converting until tick ${lease.convert_finish_tick}`);
    this.leases.splice(this.leases.indexOf(lease), 1);
    this.asset(lease.ticker).available_quantity++;
  }

  /** Checks a conversion's inputs; returns the part of a lot they make (1 under the 'exact' rule). */
  private checkInputs(acct: Account, asset: Asset, inputs: TickerQuantity[]): number {
    const want = new Map(asset.convert_from.map((x) => [x.ticker, x.quantity]));
    const got = new Map<string, number>();
    for (const i of inputs) got.set(i.ticker, (got.get(i.ticker) ?? 0) + i.quantity);
    const fmt = (l: TickerQuantity[]): string => l.map((x) => `${x.quantity} ${x.ticker}`).join(' + ');
    let k = 1;
    if (this.ex.cfg.converters.quantityRule === 'proRata') {
      const shares = asset.convert_from.find((x) => !this.ex.meta(x.ticker).isCurrency);
      k = shares === undefined ? 1 : (got.get(shares.ticker) ?? 0) / shares.quantity;
      const same = (t: string, q: number): boolean => {
        const g = got.get(t);
        if (g === undefined) return false;
        return this.ex.meta(t).isCurrency
          ? Math.abs(g - q * k) < 0.005
          : Number.isInteger(g) && g === Math.round(q * k);
      };
      if (got.size !== want.size || !(k > 0 && k <= 1) || [...want].some(([t, q]) => !same(t, q))) {
        throw badRequest(
          `${asset.ticker} converts ${fmt(asset.convert_from)} or a part of it, every input in the same proportion (whole shares; the USD fee pro rata); got ${fmt(inputs) || 'nothing'}`,
        );
      }
    } else if (got.size !== want.size || [...want].some(([t, q]) => got.get(t) !== q)) {
      throw badRequest(
        `${asset.ticker} converts exactly ${fmt(asset.convert_from)} (from1/quantity1, from2/quantity2, ...); got ${fmt(inputs) || 'nothing'}`,
      );
    }
    for (const x of asset.convert_from) {
      const m = this.ex.meta(x.ticker);
      if (m.isCurrency) continue;
      const need = Math.round(x.quantity * k);
      const held = at(acct.pos, m.idx);
      if (held < need) {
        throw new SimError(
          400,
          'INSUFFICIENT_INPUTS',
          `${asset.ticker} needs ${need} ${x.ticker} in the position; you hold ${held}`,
        );
      }
    }
    return k;
  }

  private start(acct: Account, lease: Lease, asset: Asset, k: number): void {
    const ex = this.ex;
    const scale = (l: TickerQuantity[]): TickerQuantity[] =>
      l.map((x) => ({
        ticker: x.ticker,
        quantity: ex.meta(x.ticker).isCurrency ? Math.round(x.quantity * k * 100) / 100 : Math.round(x.quantity * k),
      }));
    const from = k === 1 ? asset.convert_from : scale(asset.convert_from);
    const to = k === 1 ? asset.convert_to : scale(asset.convert_to);
    const fromPrice = from.map((x) => ({ ticker: x.ticker, price: ex.mid(ex.meta(x.ticker).idx) }));
    for (const x of from) {
      const m = ex.meta(x.ticker);
      if (m.isCurrency) {
        const units = Math.round(x.quantity * CASH_SCALE);
        bump(acct.cash, m.idx, -units);
        this.costUnits.set(acct.idx, (this.costUnits.get(acct.idx) ?? 0) + units);
      } else {
        movePosition(acct, m.idx, -x.quantity, ex.mid(m.idx));
      }
    }
    lease.convert_from = from.map((x) => ({ ...x }));
    lease.convert_to = to.map((x) => ({ ...x }));
    lease.convert_finish_period = ex.period;
    lease.convert_finish_tick = ex.tick + asset.ticks_per_conversion;
    this.running.push({ lease, acct, outputs: to, finishTick: lease.convert_finish_tick });
    this.history.push({
      ticker: asset.ticker,
      tick: ex.tick,
      action: 'CONVERT',
      cost: 0,
      convert_from: lease.convert_from,
      convert_to: lease.convert_to,
      convert_from_price: fromPrice,
      convert_to_price: to.map((x) => ({ ticker: x.ticker, price: ex.mid(ex.meta(x.ticker).idx) })),
    });
  }

  onTick(tick: number): void {
    const ex = this.ex;
    for (let i = this.running.length - 1; i >= 0; i--) {
      const c = at(this.running, i);
      if (c.finishTick > tick) continue;
      this.running.splice(i, 1);
      // Outputs arrive valued so the conversion is value-neutral at current prices.
      const outValue = new Map<string, number>();
      if (c.outputs.length === 1) {
        const out = at(c.outputs, 0);
        const m = ex.meta(out.ticker);
        const fair = m.cfg.composition !== undefined ? ex.basketMid(m) : ex.mid(m.idx);
        outValue.set(out.ticker, fair);
      }
      for (const out of c.outputs) {
        const m = ex.meta(out.ticker);
        movePosition(c.acct, m.idx, out.quantity, outValue.get(out.ticker) ?? ex.mid(m.idx));
      }
      c.lease.convert_finish_period = null;
      c.lease.convert_finish_tick = null;
    }
  }
}
