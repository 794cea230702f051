/**
 * Habit 4: every error is a JSON {code, message} of the right status, even for what Node's HTTP
 * parser refuses, and a request that was executed is always answered. Raw sockets, real HTTP.
 */
import net from 'node:net';
import type { SimServer } from '../src';
import { KEY, NO_RATE_LIMIT, QUIET, get, startSim } from './helpers';

let s: SimServer;
beforeAll(async () => {
  s = await startSim({ scenario: { ...QUIET, ...NO_RATE_LIMIT } });
});
afterAll(() => s.close());

/** Writes raw bytes, reads until the server closes (or `ms`), returns everything received. */
function raw(data: string | Buffer | (string | Buffer)[], ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(s.port, '127.0.0.1');
    let out = '';
    const t = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, ms);
    sock.on('data', (d: Buffer) => (out += d.toString()));
    sock.on('close', () => {
      clearTimeout(t);
      resolve(out);
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(t);
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') resolve(out);
      else reject(e);
    });
    sock.on('connect', () => {
      for (const d of Array.isArray(data) ? data : [data]) sock.write(d);
    });
  });
}

/** Splits a raw stream into responses: [{status, body}]. */
function responses(text: string): { status: number; body: { code?: string; message?: string } }[] {
  const out: { status: number; body: { code?: string; message?: string } }[] = [];
  let rest = text;
  for (;;) {
    const m = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([^]*?)\r\n\r\n/.exec(rest);
    if (!m?.[1] || m[2] === undefined) break;
    const len = Number(/content-length: (\d+)/i.exec(m[2])?.[1] ?? 0);
    const start = m[0].length;
    const body = rest.slice(start, start + len);
    out.push({ status: Number(m[1]), body: JSON.parse(body) as { code?: string; message?: string } });
    rest = rest.slice(start + len);
  }
  return out;
}

const H = `Host: x\r\nX-API-Key: ${KEY}\r\n`;

describe('every error is JSON', () => {
  it.each([
    ['an unknown method', `FOO /v1/case HTTP/1.1\r\n${H}\r\n`, 405, 'METHOD_NOT_ALLOWED'],
    ['a malformed header', `GET /v1/case HTTP/1.1\r\n${H}Bad Header: x\r\n\r\n`, 400, 'BAD_REQUEST'],
    ['a 100 KB URL', `GET /v1/case?x=${'a'.repeat(100_000)} HTTP/1.1\r\n${H}\r\n`, 431, 'HEADERS_TOO_LARGE'],
    ['CONNECT', `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n`, 405, 'METHOD_NOT_ALLOWED'],
    ['a garbage request line', `\x01\x02garbage\r\n\r\n`, 400, 'BAD_REQUEST'],
  ])('%s answers the right status with a JSON {code, message}', async (_what, req, status, code) => {
    const rs = responses(await raw(req));
    expect(rs).toHaveLength(1);
    expect(rs[0]?.status).toBe(status);
    expect(rs[0]?.body.code).toBe(code);
    expect(typeof rs[0]?.body.message).toBe('string');
  });

  it('a body over 1 MB answers 413 JSON (declared length)', async () => {
    const rs = responses(await raw(`POST /v1/orders HTTP/1.1\r\n${H}Content-Length: 2000000\r\n\r\n`));
    expect(rs[0]?.status).toBe(413);
    expect(rs[0]?.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a chunked body over 1 MB answers 413 JSON before the connection closes', async () => {
    const chunk = 'x'.repeat(200_000);
    const parts: string[] = [`POST /v1/case HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`];
    for (let i = 0; i < 8; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const rs = responses(await raw(parts));
    expect(rs[0]?.status).toBe(413);
    expect(rs[0]?.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a valid pipelined order followed by garbage: the order is answered 200, then the garbage 400', async () => {
    const before = (await get(s, '/securities', { ticker: 'BULL' })).body[0].position as number;
    const text = await raw(
      `POST /v1/orders?ticker=BULL&type=MARKET&action=BUY&quantity=100 HTTP/1.1\r\n${H}\r\n` + `\x01garbage\r\n\r\n`,
    );
    const rs = responses(text);
    expect(rs.map((r) => r.status)).toEqual([200, 400]);
    expect(rs[1]?.body.code).toBe('BAD_REQUEST');
    const after = (await get(s, '/securities', { ticker: 'BULL' })).body[0].position as number;
    expect(after - before).toBe(100);
  });

  it('two valid pipelined requests are both answered, in order', async () => {
    const rs = responses(
      await raw(`GET /v1/case HTTP/1.1\r\n${H}\r\nGET /v1/nope HTTP/1.1\r\n${H}Connection: close\r\n\r\n`),
    );
    expect(rs.map((r) => r.status)).toEqual([200, 404]);
  });
});
