/**
 * In-memory RitApi for unit tests: a tiny exchange with fixed quotes, resting LIMIT orders that
 * the test fills by hand (`fillResting`), positions per ticker (currencies = cash), tenders, and
 * fault switches. Integration tests use the real simulator over HTTP instead.
 */
import type {
  CancelResult,
  CancelSelector,
  Case,
  Limit,
  Order,
  OrderRequest,
  OrderStatus,
  PostedOrder,
  RitApi,
  Security,
  SuccessResult,
  Tender,
} from '@ritc/rit-client';

export function makeSecurity(ticker: string, over: Partial<Security> = {}): Security {
  const isCcy = ticker === 'USD' || ticker === 'CAD';
  return {
    ticker,
    type: isCcy ? 'CURRENCY' : 'STOCK',
    size: 1,
    position: 0,
    vwap: 0,
    nlv: null,
    last: 0,
    bid: 0,
    bid_size: 0,
    ask: 0,
    ask_size: 0,
    volume: 0,
    unrealized: null,
    realized: 0,
    currency: ticker === 'RITC' ? 'USD' : 'CAD',
    total_volume: 0,
    limits: isCcy ? [] : [{ name: 'LIMIT-STOCK', units: ticker === 'RITC' ? 2 : 1 }],
    interest_rate: 0,
    is_tradeable: ticker !== 'CAD',
    is_shortable: true,
    start_period: 1,
    stop_period: 1,
    description: ticker,
    unit_multiplier: 1,
    display_unit: 'Shares',
    start_price: 10,
    min_price: 0,
    max_price: 1000,
    quoted_decimals: isCcy ? 4 : 2,
    trading_fee: isCcy ? 0 : 0.02,
    limit_order_rebate: isCcy ? 0 : 0.01,
    min_trade_size: 1,
    max_trade_size: isCcy ? 2_500_000 : 10_000,
    required_tickers: null,
    underlying_tickers: ticker === 'RITC' ? ['BULL', 'BEAR'] : null,
    bond_coupon: 0,
    interest_payments_per_period: 0,
    base_security: '',
    fixing_ticker: null,
    api_orders_per_second: 1000,
    execution_delay_ms: 0,
    interest_rate_ticker: null,
    otc_price_range: 0,
    ...over,
  };
}

export class FakeExchange implements RitApi {
  caseInfo: Case = {
    name: 'fake',
    period: 1,
    tick: 10,
    ticks_per_period: 300,
    total_periods: 1,
    status: 'ACTIVE',
    is_enforce_trading_limits: true,
  };
  securities: Record<string, Security> = {};
  limitList: Limit[] = [
    { name: 'LIMIT-STOCK', gross: 0, net: 0, gross_limit: 300_000, net_limit: 200_000, gross_fine: 0, net_fine: 0 },
  ];
  orders = new Map<number, Order>();
  tenders: Tender[] = [];
  nlv = 0;
  private nextId = 100;
  /** Every POST /orders received (also the ones answered with a fault). */
  posts: OrderRequest[] = [];
  /** Fault switches, consumed one per POST. */
  faults: Array<'429' | '500-rejected' | 'timeout-accepted' | 'timeout-lost' | 'reject'> = [];
  /** Make POST wait for this promise (to hold orders in flight). */
  gate: Promise<void> | null = null;
  getOrdersCalls = 0;
  cancelCalls: CancelSelector[] = [];

  constructor(tickers = ['RITC', 'BULL', 'BEAR', 'USD']) {
    const quotes: Record<string, [number, number]> = {
      RITC: [24.99, 25.01],
      BULL: [9.99, 10.01],
      BEAR: [14.99, 15.01],
      USD: [0.9999, 1.0001],
    };
    for (const t of tickers) {
      const [bid, ask] = quotes[t] ?? [9.99, 10.01];
      this.securities[t] = makeSecurity(t, { bid, ask, bid_size: 1e9, ask_size: 1e9 });
    }
  }

  position(t: string): number {
    return this.securities[t]?.position ?? 0;
  }

  private move(ticker: string, signedQty: number, price: number): void {
    const s = this.securities[ticker]!;
    s.position = round6(s.position + signedQty);
    const ccy = s.currency;
    if (ccy && ccy !== ticker) {
      const cash = (this.securities[ccy] ??= makeSecurity(ccy, {
        type: 'CURRENCY',
        is_tradeable: false,
        currency: '',
      }));
      cash.position = round6(cash.position - signedQty * price);
    }
  }

  private fill(o: Order, qty: number, price: number, taker: boolean): void {
    const prev = o.quantity_filled;
    o.quantity_filled = prev + qty;
    o.vwap = ((o.vwap ?? 0) * prev + price * qty) / o.quantity_filled;
    if (o.quantity_filled >= o.quantity) o.status = 'TRANSACTED';
    this.move(o.ticker, o.action === 'BUY' ? qty : -qty, price);
    // Like RIT: commissions and rebates settle in the quote currency's cash.
    const s = this.securities[o.ticker]!;
    const ccy = this.securities[s.currency];
    if (ccy && s.currency !== o.ticker)
      ccy.position = round6(ccy.position + (taker ? -s.trading_fee : s.limit_order_rebate) * qty);
  }

  /** A counterparty hits our resting order for `qty` shares at its price. */
  fillResting(orderId: number, qty: number): void {
    const o = this.orders.get(orderId);
    if (!o || o.status !== 'OPEN') throw new Error(`order ${orderId} not open`);
    this.fill(o, Math.min(qty, o.quantity - o.quantity_filled), o.price!, false);
  }

  async getCase(): Promise<Case> {
    return { ...this.caseInfo };
  }
  async getTrader() {
    return { trader_id: 'me', first_name: 'a', last_name: 'b', nlv: this.nlv };
  }
  async getLimits(): Promise<Limit[]> {
    return this.limitList.map((l) => ({ ...l }));
  }
  async getSecurities(ticker?: string): Promise<Security[]> {
    return Object.values(this.securities)
      .filter((s) => !ticker || s.ticker === ticker)
      .map((s) => ({ ...s }));
  }
  async getOrders(status: OrderStatus = 'OPEN'): Promise<Order[]> {
    this.getOrdersCalls++;
    return [...this.orders.values()]
      .filter((o) => o.status === status)
      .map((o) => ({ ...o }))
      .reverse();
  }
  async getOrder(id: number): Promise<Order> {
    const o = this.orders.get(id);
    if (!o) throw Object.assign(new Error('not found'), { code: 'RIT_ERR_REJECTED' });
    return { ...o };
  }

  async postOrder(req: OrderRequest): Promise<PostedOrder> {
    this.posts.push({ ...req });
    if (this.gate) await this.gate;
    const fault = this.faults.shift();
    if (fault === '429')
      throw Object.assign(new Error('rate limited'), { code: 'RIT_ERR_RATE_LIMITED', waitSec: 0.01 });
    if (fault === '500-rejected') throw Object.assign(new Error('server error'), { code: 'RIT_ERR_SERVER' });
    if (fault === 'timeout-lost') throw Object.assign(new Error('timeout'), { code: 'RIT_ERR_ORDER_UNKNOWN' });
    if (fault === 'reject') throw Object.assign(new Error('refused'), { code: 'RIT_ERR_REJECTED' });
    const s = this.securities[req.ticker];
    if (!s) throw Object.assign(new Error('unknown ticker'), { code: 'RIT_ERR_REJECTED' });
    if (!Number.isInteger(req.quantity) || req.quantity > s.max_trade_size)
      throw Object.assign(new Error('bad quantity'), { code: 'RIT_ERR_REJECTED' });
    const o: Order = {
      order_id: this.nextId++,
      period: 1,
      tick: this.caseInfo.tick,
      trader_id: 'me',
      ticker: req.ticker,
      type: req.type,
      quantity: req.quantity,
      action: req.action,
      price: req.type === 'LIMIT' ? req.price! : null,
      quantity_filled: 0,
      vwap: null,
      status: 'OPEN',
    };
    this.orders.set(o.order_id!, o);
    const touch = req.action === 'BUY' ? s.ask : s.bid;
    if (req.type === 'MARKET') this.fill(o, o.quantity, touch, true);
    else if ((req.action === 'BUY' && req.price! >= s.ask) || (req.action === 'SELL' && req.price! <= s.bid))
      this.fill(o, o.quantity, touch, true);
    if (fault === 'timeout-accepted') throw Object.assign(new Error('timeout'), { code: 'RIT_ERR_ORDER_UNKNOWN' });
    return { order: { ...o }, waitUntilSec: null };
  }

  async deleteOrder(id: number): Promise<SuccessResult> {
    const o = this.orders.get(id);
    if (!o || o.status !== 'OPEN') return { success: false };
    o.status = 'CANCELLED';
    return { success: true };
  }
  async cancelOrders(sel: CancelSelector): Promise<CancelResult> {
    this.cancelCalls.push(sel);
    const out: number[] = [];
    for (const o of this.orders.values()) {
      if (o.status !== 'OPEN') continue;
      if (
        'all' in sel ||
        ('ticker' in sel && o.ticker === sel.ticker) ||
        ('ids' in sel && sel.ids.includes(o.order_id!))
      ) {
        o.status = 'CANCELLED';
        out.push(o.order_id!);
      }
    }
    return { cancelled_order_ids: out };
  }
  async getTenders(): Promise<Tender[]> {
    return this.tenders.map((t) => ({ ...t }));
  }
  async acceptTender(id: number, price?: number): Promise<SuccessResult> {
    const t = this.tenders.find((x) => x.tender_id === id);
    if (!t) return { success: false };
    this.tenders = this.tenders.filter((x) => x !== t);
    this.move(t.ticker, t.action === 'BUY' ? t.quantity : -t.quantity, price ?? t.price!);
    return { success: true };
  }
  async declineTender(id: number): Promise<SuccessResult> {
    this.tenders = this.tenders.filter((x) => x.tender_id !== id);
    return { success: true };
  }

  async getNews() {
    return [];
  }
  async getAssets() {
    return [];
  }
  async getAssetHistory() {
    return [];
  }
  async getBook(ticker: string) {
    const s = this.securities[ticker]!;
    const mk = (price: number, action: 'BUY' | 'SELL'): Order => ({
      order_id: 1,
      period: 1,
      tick: 1,
      trader_id: 'ANON',
      ticker,
      type: 'LIMIT',
      quantity: 1000,
      action,
      price,
      quantity_filled: 0,
      vwap: null,
      status: 'OPEN',
    });
    return { bids: [mk(s.bid, 'BUY')], asks: [mk(s.ask, 'SELL')] };
  }
  async getHistory() {
    return [];
  }
  async getTas() {
    return [];
  }
  async getLeases() {
    return [];
  }
  async getLease(): Promise<never> {
    throw new Error('no leases');
  }
  async lease(): Promise<never> {
    throw new Error('no leases');
  }
  async useLease(): Promise<never> {
    throw new Error('no leases');
  }
  async deleteLease(): Promise<never> {
    throw new Error('no leases');
  }
  async close(): Promise<void> {}
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export const flush = () => new Promise((r) => setImmediate(r));
