/** Counters for the run report: totals and per endpoint route (`GET /orders/{id}`). */

export interface EndpointStats {
  /** HTTP attempts sent (retries included). */
  requests: number;
  /** Attempts that were retries (backoff or 429 re-send). */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
  /** Attempts that timed out. */
  timeouts: number;
  /** Calls that finally rejected. */
  errors: number;
}

export interface ClientStats extends EndpointStats {
  /** Total time orders waited for their pacing slot, ms. */
  pacedMs: number;
  byEndpoint: Record<string, EndpointStats>;
}

const empty = (): EndpointStats => ({ requests: 0, retries: 0, rateLimited: 0, timeouts: 0, errors: 0 });

export class StatsRecorder {
  private readonly total = empty();
  private readonly byEndpoint = new Map<string, EndpointStats>();
  private pacedMs = 0;

  private ep(route: string): EndpointStats {
    let s = this.byEndpoint.get(route);
    if (!s) {
      s = empty();
      this.byEndpoint.set(route, s);
    }
    return s;
  }

  add(route: string, field: keyof EndpointStats, n = 1): void {
    this.total[field] += n;
    this.ep(route)[field] += n;
  }

  addPaced(ms: number): void {
    this.pacedMs += ms;
  }

  snapshot(): ClientStats {
    const byEndpoint: Record<string, EndpointStats> = {};
    for (const [k, v] of this.byEndpoint) byEndpoint[k] = { ...v };
    return { ...this.total, pacedMs: this.pacedMs, byEndpoint };
  }
}
