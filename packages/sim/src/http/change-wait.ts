/**
 * Long-polls on the simulator's state (GET /sim/wait, NOT a RIT endpoint): a request is held until
 * what it waits on differs from what the caller last saw, or until its timeout. On the virtual clock
 * a feed that reads the book and time & sales on every wall-clock interval spends its CPU (and the
 * simulator's) re-reading an unchanged market; waiting here, it reads once per change instead.
 */

interface Waiter {
  differs: () => boolean;
  done: () => void;
}

export class ChangeWaits {
  private readonly waiting = new Set<Waiter>();

  /** Resolves once `differs()` holds (at once when it already does) or after `timeoutMs`. */
  wait(differs: () => boolean, timeoutMs: number): Promise<void> {
    if (timeoutMs <= 0 || differs()) return Promise.resolve();
    return new Promise((resolve) => {
      const w: Waiter = {
        differs,
        done: () => {
          clearTimeout(timer);
          this.waiting.delete(w);
          resolve();
        },
      };
      const timer = setTimeout(w.done, timeoutMs);
      this.waiting.add(w);
    });
  }

  /** Looks at every waiter again: called after anything that may change the market (a tick, an order). */
  check(): void {
    for (const w of [...this.waiting]) if (w.differs()) w.done();
  }

  /** Answers every waiter now (the server closes, the case is reset). */
  releaseAll(): void {
    for (const w of [...this.waiting]) w.done();
  }

  get size(): number {
    return this.waiting.size;
  }
}
