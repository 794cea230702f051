/** A tiny method + path-segment router (':x' matches one segment). */
import { at } from '../util/checked';
export interface Route<C> {
  method: string;
  pattern: string;
  segs: string[];
  handler: (ctx: C, args: string[]) => unknown;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: (ctx: C, args: string[]) => unknown): this {
    this.routes.push({ method, pattern, segs: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The matching route and its ':x' arguments; `methodMismatch` when only the method differs. */
  find(method: string, path: string): { route: Route<C>; args: string[] } | { methodMismatch: boolean } {
    const segs = path.split('/').filter(Boolean);
    let mismatch = false;
    for (const r of this.routes) {
      if (r.segs.length !== segs.length) continue;
      const args: string[] = [];
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const p = at(r.segs, i);
        if (p.startsWith(':')) args.push(decodeSeg(at(segs, i)));
        else if (p !== segs[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (r.method !== method) {
        mismatch = true;
        continue;
      }
      return { route: r, args };
    }
    return { methodMismatch: mismatch };
  }
}

function decodeSeg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A stray '%' is not an encoding error worth a 400: the raw segment is matched as it is.
    return s;
  }
}
