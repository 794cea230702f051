/** Parsers: documented variants are accepted and normalised; anything else names endpoint and field. */
import { MalformedResponseError, parseBody, parseValue, parsers as P } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { item } from './helpers/checked';

const EP = 'GET /securities/book';

function malformed(fn: () => unknown): MalformedResponseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedResponseError);
    return e as MalformedResponseError;
  }
  throw new Error('expected a MalformedResponseError');
}

describe('book', () => {
  test('bids/asks and the 1.0.0 bid/ask spelling give the same book', () => {
    const real = F.books.RITC;
    const a = parseValue(EP, real, P.parseBook);
    const b = parseValue(EP, { bid: real.bids, ask: real.asks }, P.parseBook);
    expect(b).toEqual(a);
    expect(a.bids.length).toBe(real.bids.length);
  });

  test('null or empty sides are empty books, not errors', () => {
    expect(parseValue(EP, { bids: null, asks: [] }, P.parseBook)).toEqual({ bids: [], asks: [] });
  });

  test('a bad price names the endpoint and the field path', () => {
    const bids = F.books.BULL.bids.map((o) => ({ ...o }));
    item(bids, 3).price = 'abc';
    const e = malformed(() => parseValue(EP, { bids, asks: [] }, P.parseBook));
    expect(e.message).toBe('GET /securities/book: bids[3].price: expected finite number, got "abc"');
    expect(e.fieldPath).toBe('bids[3].price');
    expect(e.code).toBe('RIT_ERR_MALFORMED');
  });

  test('the path uses the key the server sent (bid/ask variant)', () => {
    const ask = [{ ...item(F.books.BULL.asks, 0), quantity: -5 }];
    const e = malformed(() => parseValue(EP, { bid: [], ask }, P.parseBook));
    expect(e.fieldPath).toBe('ask[0].quantity');
  });

  test('a missing side is malformed', () => {
    expect(malformed(() => parseValue(EP, { bids: [] }, P.parseBook)).fieldPath).toBe('asks');
    expect(malformed(() => parseValue(EP, [], P.parseBook)).message).toMatch(/body: expected object/);
  });
});

describe('order', () => {
  test('price null is accepted on MARKET orders only', () => {
    expect(parseValue('GET /orders/{id}', F.marketOrder, P.parseOrder).price).toBeNull();
    const e = malformed(() => parseValue('GET /orders/{id}', { ...F.limitOrder, price: null }, P.parseOrder));
    expect(e.fieldPath).toBe('price');
  });

  test('float quantities (100.0) and integer-valued ids written as floats parse', () => {
    const o = parseBody(
      'GET /orders/{id}',
      '{"order_id":12.0,"period":1,"tick":3,"trader_id":"x","ticker":"BULL","quantity":100.0,' +
        '"price":9.5,"type":"LIMIT","action":"SELL","quantity_filled":40.0,"vwap":9.5,"status":"OPEN"}',
      P.parseOrder,
    );
    expect(o.order_id).toBe(12);
    expect(o.quantity).toBe(100);
    expect(o.quantity_filled).toBe(40);
  });

  test('NaN-producing values are rejected where they enter', () => {
    for (const [field, value] of [
      ['price', 'NaN'],
      ['vwap', {}],
      ['quantity', null],
      ['tick', 1.5],
      ['order_id', '7'],
    ] as const) {
      const e = malformed(() =>
        parseValue('GET /orders', [F.limitOrder, { ...F.limitOrder, [field]: value }], P.parseOrders),
      );
      expect(e.fieldPath).toBe(`[1].${field}`);
    }
  });

  test('unknown enum values and filled > quantity are malformed', () => {
    expect(malformed(() => parseValue('x', { ...F.limitOrder, status: 'PENDING' }, P.parseOrder)).message).toMatch(
      /status: expected "OPEN" \| "TRANSACTED" \| "CANCELLED", got "PENDING"/,
    );
    expect(malformed(() => parseValue('x', { ...F.limitOrder, quantity_filled: 101 }, P.parseOrder)).fieldPath).toBe(
      'quantity_filled',
    );
  });

  test('missing required field says so', () => {
    const { ticker: _drop, ...rest } = F.limitOrder;
    expect(malformed(() => parseValue('x', rest, P.parseOrder)).message).toMatch(
      /ticker: expected string, got undefined \(field missing\)/,
    );
  });
});

describe('security defaults', () => {
  test('fields missing in older API versions get the documented defaults', () => {
    const s = item(
      parseValue(
        'GET /securities',
        [{ ticker: 'CRZY', position: 0.0, last: 10.0, bid: 9.99, ask: 10.01 }],
        P.parseSecurities,
      ),
      0,
    );
    expect(s.min_trade_size).toBe(1);
    expect(s.max_trade_size).toBe(0);
    expect(s.api_orders_per_second).toBe(0);
    expect(s.quoted_decimals).toBe(2);
    expect(s.limits).toEqual([]);
    expect(s.nlv).toBeNull();
    expect(s.is_tradeable).toBe(true);
    expect(s.size).toBe(1);
  });

  test('extra unknown fields are ignored; present fields are still checked', () => {
    const s = item(parseValue('GET /securities', [F.security('BULL', { brand_new_field: 1 })], P.parseSecurities), 0);
    expect(s).not.toHaveProperty('brand_new_field');
    const e = malformed(() =>
      parseValue('GET /securities', [F.security('BULL', { limits: [{ name: 'L', units: 'two' }] })], P.parseSecurities),
    );
    expect(e.fieldPath).toBe('[0].limits[0].units');
  });
});

describe('other objects', () => {
  test('every canned fixture round-trips through its parser unchanged', () => {
    expect(parseValue('x', F.caseBody, P.parseCase)).toEqual(F.caseBody);
    expect(parseValue('x', F.traderBody, P.parseTrader)).toEqual(F.traderBody);
    expect(parseValue('x', F.limitsBody, P.parseLimits)).toEqual(F.limitsBody);
    expect(parseValue('x', F.historyBody, P.parseHistory)).toEqual(F.historyBody);
    expect(parseValue('x', F.tasBody, P.parseTasList)).toEqual(F.tasBody);
    expect(parseValue('x', F.newsBody, P.parseNewsList)).toEqual(F.newsBody);
    expect(parseValue('x', F.assetsBody, P.parseAssets)).toEqual(F.assetsBody);
    expect(parseValue('x', F.assetHistoryBody, P.parseAssetHistory)).toEqual(F.assetHistoryBody);
    expect(parseValue('x', F.leaseInUse, P.parseLease)).toEqual(F.leaseInUse);
    expect(parseValue('x', [F.realTender], P.parseTenders)).toEqual([F.realTender]);
  });

  test('case status, tender price and cancel ids are checked', () => {
    expect(malformed(() => parseValue('GET /case', { ...F.caseBody, status: 'RUNNING' }, P.parseCase)).fieldPath).toBe(
      'status',
    );
    expect(
      malformed(() => parseValue('GET /tenders', [{ ...F.realTender, price: null }], P.parseTenders)).fieldPath,
    ).toBe('[0].price');
    expect(
      malformed(() => parseValue('POST /commands/cancel', { cancelled_order_ids: [1, 'x'] }, P.parseCancelResult))
        .fieldPath,
    ).toBe('cancelled_order_ids[1]');
    expect(malformed(() => parseValue('DELETE /orders/{id}', {}, P.parseSuccess)).fieldPath).toBe('success');
  });

  test('invalid JSON names the endpoint', () => {
    const e = malformed(() => parseBody('GET /case', '{"name": "x",', P.parseCase));
    expect(e.message).toMatch(/^GET \/case: invalid JSON/);
    expect(e.fieldPath).toBe('');
  });
});
