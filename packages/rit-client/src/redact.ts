/**
 * Keeps the API key out of every message, log line and error. The key is sent only in the
 * `X-API-Key` header, but RIT also accepts `key=` in the query string, so URLs are scrubbed too
 * (a caller might paste a URL with a key into baseUrl, or a server might echo it in a message).
 */

const REDACTED = '[REDACTED]';
// `key=`, `apikey=`, `api_key=` query parameters, whatever their value.
const KEY_PARAM = /([?&](?:api[_-]?)?key=)[^&#\s"']*/gi;
const KEY_HEADER = /(x-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi;

export type Redactor = (text: string) => string;

/** Returns a function that removes `secret` (and any key-looking query/header value) from text. */
export function makeRedactor(secret: string): Redactor {
  const s = secret.trim();
  return (text: string): string => {
    let out = text.replace(KEY_PARAM, `$1${REDACTED}`).replace(KEY_HEADER, `$1${REDACTED}`);
    // Short keys would blank out ordinary words; RIT keys are usually 8 chars, so only skip 1-2 char ones.
    if (s.length >= 3 && out.includes(s)) out = out.split(s).join(REDACTED);
    return out;
  };
}

/** Redacts key-looking query parameters of a URL string (no secret needed). */
export function redactUrl(url: string): string {
  return url.replace(KEY_PARAM, `$1${REDACTED}`);
}
