/** Happy paths of every endpoint against a real node:http fake RIT: request shape and parsed result. */
import { RitClient } from '@ritc/rit-client';
import * as F from './fixtures/rit-responses';
import { type FakeRit, sendJson, startFakeRit } from './helpers/fake-rit';
import { entry, item, lastItem } from './helpers/checked';

const KEY = 'TESTKEY1';
let rit: FakeRit;
let client: RitClient;

beforeAll(async () => {
  rit = await startFakeRit({
    'GET /case': { body: F.caseBody },
    'GET /trader': { body: F.traderBody },
    'GET /limits': { body: F.limitsBody },
    'GET /news': { body: F.newsBody },
    'GET /assets': { body: F.assetsBody },
    'GET /assets/history': { body: F.assetHistoryBody },
    'GET /securities': { body: F.securitiesBody },
    'GET /securities/book': (req, res) => sendJson(res, 200, F.books[req.query.get('ticker') as 'BULL']),
    'GET /securities/history': { body: F.historyBody },
    'GET /securities/tas': { body: F.tasBody },
    'GET /orders': { body: [F.limitOrder, F.marketOrder] },
    'GET /orders/{id}': { body: F.limitOrder },
    'POST /orders': (req, res) => {
      const body =
        req.query.get('dry_run') === '1'
          ? F.dryRunOrder
          : req.query.get('type') === 'MARKET'
            ? F.marketOrder
            : F.limitOrder;
      sendJson(res, 200, body, { 'X-Wait-Until': '0.05' });
    },
    'DELETE /orders/{id}': { body: { success: true } },
    'POST /commands/cancel': { body: { cancelled_order_ids: [12, 13] } },
    'GET /tenders': { body: [F.realTender] },
    'POST /tenders/{id}': { body: { success: true } },
    'DELETE /tenders/{id}': { body: { success: true } },
    'GET /leases': { body: [F.leaseBody] },
    'GET /leases/{id}': { body: F.leaseBody },
    'POST /leases': { body: F.leaseBody },
    'POST /leases/{id}': { body: F.leaseInUse },
    'DELETE /leases/{id}': { body: { success: true } },
  });
  client = new RitClient({ baseUrl: rit.baseUrl, apiKey: KEY });
});

afterAll(async () => {
  await client.close();
  await rit.close();
});

const last = () => lastItem(rit.requests);

test('sends the key in X-API-Key and never in the query string', async () => {
  await client.getCase();
  expect(last().headers['x-api-key']).toBe(KEY);
  expect(last().query.has('key')).toBe(false);
  expect(last().path).toBe('/case');
});

test('case, trader, limits', async () => {
  expect(await client.getCase()).toEqual(F.caseBody);
  expect(await client.getTrader()).toEqual(F.traderBody);
  const limits = await client.getLimits();
  expect(limits).toEqual(F.limitsBody);
  expect(item(limits, 0).net).toBe(-32500);
});

test('securities: all fields, null last mapped to 0, rates learned for pacing', async () => {
  const secs = await client.getSecurities();
  expect(secs.map((s) => s.ticker)).toEqual(['BULL', 'BEAR', 'RITC', 'USD']);
  expect(item(secs, 0)).toEqual(item(F.securitiesBody, 0));
  expect(item(secs, 2).limits).toEqual([{ name: 'LIMIT-STOCK', units: 2 }]);
  const usd = item(secs, 3);
  expect(usd.last).toBe(0);
  expect(usd.nlv).toBeNull();
  expect(usd.quoted_decimals).toBe(4);
  expect(client.orderRate('BULL')).toBe(10);
  expect(client.orderRate('BEAR')).toBe(5);
  await client.getSecurities('RITC');
  expect(last().query.get('ticker')).toBe('RITC');
});

test('book: the real capture parses, order by order', async () => {
  const book = await client.getBook('BULL', 1000);
  expect(last().query.get('ticker')).toBe('BULL');
  expect(last().query.get('limit')).toBe('1000');
  expect(book.bids).toHaveLength(F.books.BULL.bids.length);
  expect(book.asks).toHaveLength(F.books.BULL.asks.length);
  expect(book.bids).toEqual(F.books.BULL.bids);
  expect(item(book.bids, 0).price).toBeGreaterThan(item(book.bids, 1).price as number);
  const usd = await client.getBook('USD');
  expect(item(usd.bids, 0).quantity).toBe(2147480000);
  expect(last().query.has('limit')).toBe(false);
});

test('history, tas (after/period/limit), news (since/after/limit)', async () => {
  expect(await client.getHistory('RITC', { period: 1, limit: 2 })).toEqual(F.historyBody);
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'RITC', period: '1', limit: '2' });
  expect(await client.getTas('RITC', { after: 85 })).toEqual(F.tasBody);
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'RITC', after: '85' });
  await client.getTas('RITC', { period: 1, limit: 20 });
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'RITC', period: '1', limit: '20' });
  expect(await client.getNews({ since: 0 })).toEqual(F.newsBody);
  expect(Object.fromEntries(last().query)).toEqual({ since: '0' });
  await client.getNews({ after: 1, limit: 5 });
  expect(Object.fromEntries(last().query)).toEqual({ after: '1', limit: '5' });
});

test('assets and asset history', async () => {
  expect(await client.getAssets()).toEqual(F.assetsBody);
  await client.getAssets('ETF-Creation');
  expect(last().query.get('ticker')).toBe('ETF-Creation');
  expect(await client.getAssetHistory({ ticker: 'ETF-Creation', period: 1, limit: 3 })).toEqual(F.assetHistoryBody);
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'ETF-Creation', period: '1', limit: '3' });
});

test('orders: list with status, one by id', async () => {
  const orders = await client.getOrders('TRANSACTED');
  expect(last().query.get('status')).toBe('TRANSACTED');
  expect(item(orders, 1).price).toBeNull();
  expect(item(orders, 1).type).toBe('MARKET');
  expect(await client.getOrder(639)).toEqual(F.limitOrder);
  expect(last().path).toBe('/orders/639');
});

test('POST /orders: every parameter in the query string; X-Wait-Until returned', async () => {
  const posted = await client.postOrder({ ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: 9.7 });
  const q = last();
  expect(q.method).toBe('POST');
  expect(Object.fromEntries(q.query)).toEqual({
    ticker: 'BULL',
    type: 'LIMIT',
    quantity: '100',
    action: 'BUY',
    price: '9.7',
  });
  expect(posted.order).toEqual(F.limitOrder);
  expect(posted.waitUntilSec).toBeCloseTo(0.05);
});

test('POST /orders dry_run=1: order_id null, MARKET price not sent', async () => {
  const posted = await client.postOrder({
    ticker: 'RITC',
    type: 'MARKET',
    quantity: 500,
    action: 'SELL',
    dry_run: true,
  });
  expect(Object.fromEntries(last().query)).toEqual({
    ticker: 'RITC',
    type: 'MARKET',
    quantity: '500',
    action: 'SELL',
    dry_run: '1',
  });
  expect(posted.order.order_id).toBeNull();
  expect(posted.order.vwap).toBe(25.41);
});

test('DELETE /orders/{id} and POST /commands/cancel with each selector', async () => {
  expect(await client.deleteOrder(639)).toEqual({ success: true });
  expect(last().method).toBe('DELETE');
  expect(last().path).toBe('/orders/639');
  const selectors = [
    [{ all: true } as const, { all: '1' }],
    [{ ticker: 'RITC' }, { ticker: 'RITC' }],
    [{ ids: [12, 13, 91] }, { ids: '12,13,91' }],
    [{ query: "Ticker='RITC' AND Volume<0" }, { query: "Ticker='RITC' AND Volume<0" }],
  ] as const;
  for (const [sel, expected] of selectors) {
    expect(await client.cancelOrders(sel)).toEqual({ cancelled_order_ids: [12, 13] });
    expect(last().method).toBe('POST');
    expect(last().path).toBe('/commands/cancel');
    expect(Object.fromEntries(last().query)).toEqual(expected);
  }
});

test('tenders: list (real capture), accept with and without price, decline', async () => {
  const tenders = await client.getTenders();
  expect(item(tenders, 0)).toEqual(F.realTender);
  expect(item(tenders, 0).quantity).toBe(72000);
  expect(await client.acceptTender(1678, 25.27)).toEqual({ success: true });
  expect(last().path).toBe('/tenders/1678');
  expect(last().query.get('price')).toBe('25.27');
  await client.acceptTender(1678);
  expect(last().query.has('price')).toBe(false);
  expect(await client.declineTender(1678)).toEqual({ success: true });
  expect(last().method).toBe('DELETE');
});

test('leases: list, get, lease with inputs, use, delete', async () => {
  expect(await client.getLeases()).toEqual([F.leaseBody]);
  expect(await client.getLease(1)).toEqual(F.leaseBody);
  expect(last().path).toBe('/leases/1');
  expect(await client.lease('ETF-Creation')).toEqual(F.leaseBody);
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'ETF-Creation' });
  const used = await client.useLease(1, [
    { ticker: 'BULL', quantity: 10000 },
    { ticker: 'BEAR', quantity: 10000 },
    { ticker: 'USD', quantity: 1500 },
  ]);
  expect(Object.fromEntries(last().query)).toEqual({
    from1: 'BULL',
    quantity1: '10000',
    from2: 'BEAR',
    quantity2: '10000',
    from3: 'USD',
    quantity3: '1500',
  });
  expect(used.convert_finish_tick).toBe(32);
  await client.lease('ETF-Creation', [{ ticker: 'BULL', quantity: 10000 }]);
  expect(Object.fromEntries(last().query)).toEqual({ ticker: 'ETF-Creation', from1: 'BULL', quantity1: '10000' });
  expect(await client.deleteLease(1)).toEqual({ success: true });
  expect(last().method).toBe('DELETE');
});

test('bad arguments reject locally with RIT_ERR_INVALID_ARG and send nothing', async () => {
  const before = rit.requests.length;
  await expect(client.getBook('')).rejects.toMatchObject({ code: 'RIT_ERR_INVALID_ARG' });
  await expect(
    client.postOrder({ ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY', price: NaN }),
  ).rejects.toMatchObject({ code: 'RIT_ERR_INVALID_ARG' });
  await expect(client.postOrder({ ticker: 'BULL', type: 'LIMIT', quantity: 100, action: 'BUY' })).rejects.toMatchObject(
    { code: 'RIT_ERR_INVALID_ARG' },
  );
  await expect(client.postOrder({ ticker: 'BULL', type: 'MARKET', quantity: 0, action: 'BUY' })).rejects.toMatchObject({
    code: 'RIT_ERR_INVALID_ARG',
  });
  await expect(client.cancelOrders({ ids: [] })).rejects.toMatchObject({ code: 'RIT_ERR_INVALID_ARG' });
  await expect(client.getOrder(1.5)).rejects.toMatchObject({ code: 'RIT_ERR_INVALID_ARG' });
  expect(rit.requests.length).toBe(before);
});

test('stats count requests per endpoint route', async () => {
  const s = client.stats();
  expect(s.requests).toBe(rit.requests.length);
  expect(entry(s.byEndpoint, 'GET /orders/{id}').requests).toBe(rit.hits('GET /orders/{id}').length);
  expect(entry(s.byEndpoint, 'POST /orders').requests).toBe(rit.hits('POST /orders').length);
  expect(s.errors).toBe(0);
});
