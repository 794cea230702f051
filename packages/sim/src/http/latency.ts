/**
 * Reaction-latency records (NOT part of RIT): when a tender or shock is posted, and when the
 * trader's first subsequent order (any ticker) and tender decision arrive, in simulator-clock ms
 * (performance.now, µs precision). Request times are taken on arrival, before injected latency.
 */
import { nowMs } from '../clock';
import { at } from '../util/checked';

export interface LatencyEvent {
  kind: 'tender' | 'shock';
  id: number;
  ticker: string;
  tick: number;
  posted_at_ms: number;
  first_order_at_ms: number | null;
  order_reaction_ms: number | null;
  decision: 'ACCEPT' | 'DECLINE' | null;
  decision_at_ms: number | null;
  decision_reaction_ms: number | null;
  /** Tenders: when a GET /tenders first returned it (the trader could first know of it). */
  first_seen_at_ms: number | null;
  seen_reaction_ms: number | null;
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export class LatencyRecorder {
  readonly events: LatencyEvent[] = [];

  posted(kind: 'tender' | 'shock', id: number, ticker: string, tick: number): void {
    this.events.push({
      kind,
      id,
      ticker,
      tick,
      posted_at_ms: nowMs(),
      first_order_at_ms: null,
      order_reaction_ms: null,
      decision: null,
      decision_at_ms: null,
      decision_reaction_ms: null,
      first_seen_at_ms: null,
      seen_reaction_ms: null,
    });
    if (this.events.length > 1000) this.events.shift();
  }

  order(atMs: number): void {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = at(this.events, i);
      if (e.first_order_at_ms !== null) break;
      if (e.posted_at_ms <= atMs) {
        e.first_order_at_ms = atMs;
        e.order_reaction_ms = r3(atMs - e.posted_at_ms);
      }
    }
  }

  /** A GET /tenders that arrived at atMs listed these tenders. */
  tendersSeen(ids: readonly number[], atMs: number): void {
    for (const id of ids) {
      const e = this.events.find((x) => x.kind === 'tender' && x.id === id);
      if (!e || e.first_seen_at_ms !== null) continue;
      e.first_seen_at_ms = atMs;
      e.seen_reaction_ms = r3(atMs - e.posted_at_ms);
    }
  }

  tenderDecision(id: number, decision: 'ACCEPT' | 'DECLINE', atMs: number): void {
    const e = this.events.find((x) => x.kind === 'tender' && x.id === id);
    if (!e || e.decision_at_ms !== null) return;
    e.decision = decision;
    e.decision_at_ms = atMs;
    e.decision_reaction_ms = r3(atMs - e.posted_at_ms);
  }

  clear(): void {
    this.events.length = 0;
  }
}
