import type { EngineEvent } from '../events';

type EventType = EngineEvent['type'];
type EventOf<T extends EventType> = Extract<EngineEvent, { type: T }>;
type Listener<T extends EventType> = (e: EventOf<T>) => void;

/**
 * EventEmitter-style bus for engine events plus a bounded array sink (the report and the tests read
 * `events`). A throwing listener is isolated: it cannot stop the coordinator or the other listeners.
 */
export class EventBus {
  readonly events: EngineEvent[] = [];
  private readonly listeners = new Map<string, Set<(e: EngineEvent) => void>>();
  private dropped = 0;

  constructor(private readonly maxEvents = 1_000) {}

  on<T extends EventType | '*'>(type: T, fn: T extends EventType ? Listener<T> : (e: EngineEvent) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    const listeners = set;
    listeners.add(fn as (e: EngineEvent) => void);
    return () => listeners.delete(fn as (e: EngineEvent) => void);
  }

  emit(e: EngineEvent): void {
    if (this.events.length >= this.maxEvents) {
      // Drop the oldest tenth at once so the sink stays O(1) amortised.
      const n = Math.max(1, Math.floor(this.maxEvents / 10));
      this.events.splice(0, n);
      this.dropped += n;
    }
    this.events.push(e);
    this.call(this.listeners.get(e.type), e);
    this.call(this.listeners.get('*'), e);
  }

  /** Events removed from the sink because it was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  private call(set: Set<(e: EngineEvent) => void> | undefined, e: EngineEvent): void {
    if (!set) return;
    for (const fn of set) {
      try {
        fn(e);
      } catch {
        /* a listener's bug must not break the engine */
      }
    }
  }
}
