/**
 * The SQL-like filter of POST /commands/cancel?query=… (≤1.0.3), e.g.
 * `Ticker='CL' AND Price>124.23 AND Volume<0`. Fields: Ticker, Price, Volume (signed remaining
 * quantity: sells negative), Id/OrderId, Type, Action. Operators = <> != < > <= >=. Only AND.
 */
import { badRequest } from '../errors';
import { strictNumber } from './params';
import { at } from '../util/checked';

export interface QueryRow {
  id: number;
  ticker: string;
  price: number | null;
  volume: number;
  type: string;
  action: string;
}

type Cond = (r: QueryRow) => boolean;

const FIELDS: Record<string, (r: QueryRow) => string | number | null> = {
  ticker: (r) => r.ticker,
  price: (r) => r.price,
  volume: (r) => r.volume,
  id: (r) => r.id,
  orderid: (r) => r.id,
  order_id: (r) => r.id,
  type: (r) => r.type,
  action: (r) => r.action,
};

export function parseCancelQuery(q: string): Cond {
  if (q.length > 500) throw badRequest('query is too long');
  const parts = q
    .split(/\s+AND\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw badRequest('query is empty');
  const conds = parts.map(parseCond);
  return (r) => conds.every((c) => c(r));
}

function parseCond(s: string): Cond {
  if (/\sOR\s/i.test(s)) throw badRequest('query supports only AND between conditions');
  const m = /^([A-Za-z_]+)\s*(<>|!=|<=|>=|=|<|>)\s*(.+)$/.exec(s);
  if (!m)
    throw badRequest(`cannot parse query condition '${s.slice(0, 60)}' (expected e.g. Ticker='RITC' or Price>24.5)`);
  const field = FIELDS[at(m, 1).toLowerCase()];
  if (!field) throw badRequest(`unknown query field '${m[1]}' (known: Ticker, Price, Volume, Id, Type, Action)`);
  const op = at(m, 2);
  const raw = at(m, 3).trim();
  let value: string | number;
  const quoted = /^'(.*)'$/.exec(raw) ?? /^"(.*)"$/.exec(raw);
  if (quoted) value = at(quoted, 1);
  else {
    // Volume is signed (sells negative), so a query number may carry a minus; otherwise the strict form.
    const neg = raw.startsWith('-');
    const n = strictNumber(neg ? raw.slice(1) : raw);
    if (n === undefined) throw badRequest(`query value '${raw.slice(0, 40)}' must be a number or a quoted string`);
    value = neg ? -n : n;
  }
  return (r) => {
    const v = field(r);
    if (v === null) return false;
    const a = typeof value === 'number' ? Number(v) : String(v);
    switch (op) {
      case '=':
        return a === value;
      case '<>':
      case '!=':
        return a !== value;
      case '<':
        return a < value;
      case '>':
        return a > value;
      case '<=':
        return a <= value;
      default:
        return a >= value;
    }
  };
}
