import { at } from '@ritc/quant';
import { MarketDataError } from './errors';
import { beginWrite, endWrite, readConsistent, repair } from './seqlock';
import type { Snapshot, SnapshotFlags } from './snapshot';

/**
 * Fixed layout of one security's slot in the shared buffer (see README "Slot layout").
 *
 *   byte 0   Int32 seq (seqlock; even = stable, `seq >>> 1` = version = publishes so far)
 *   byte 4   Int32 touch counter: +1 (and Atomics.notify) on every publish whose bid, ask or flags
 *            differ from the previous one, so a reader can sleep until the touch moves
 *            (`SnapshotSlots.waitForTouch`) instead of polling the slot
 *   byte 8   Float64 fields in the order of SLOT_FIELDS, NaN = absent
 *   padded to a multiple of 64 bytes so two securities never share a cache line.
 */
export const SLOT_FIELDS = [
  'period',
  'tick',
  'monoMs',
  'bid',
  'ask',
  'bidSize',
  'askSize',
  'mid',
  'depthBid',
  'depthAsk',
  'bookImbalance',
  'last',
  'lastSize',
  'volume',
  'vpin',
  'signedImbalance',
  'buyFraction',
  'sigmaMidPerTick',
  'sigmaPerBucket',
  'bucketVolume',
  'bucketDurationTicks',
  'bucketDurationMs',
  'longRunSigma',
  'flags',
  'vwap',
  'tradeCount',
  'lastPrintId',
  'bucketsCompleted',
] as const;

export type SlotField = (typeof SLOT_FIELDS)[number];

/** Field offsets inside a slot's Float64 block (and inside a `readInto` scratch array). */
export const F: Readonly<Record<SlotField, number>> = Object.freeze(
  Object.fromEntries(SLOT_FIELDS.map((name, i) => [name, i])) as Record<SlotField, number>,
);

export const SLOT_FIELD_COUNT = SLOT_FIELDS.length;
export const SLOT_HEADER_BYTES = 8;
export const SLOT_STRIDE_BYTES = Math.ceil((SLOT_HEADER_BYTES + 8 * SLOT_FIELD_COUNT) / 64) * 64;

/** Bits of the `flags` field. */
export const FLAG = Object.freeze({ stale: 1, empty: 2, oneSided: 4, inactive: 8 });

export function encodeFlags(f: SnapshotFlags): number {
  return (
    (f.stale ? FLAG.stale : 0) |
    (f.empty ? FLAG.empty : 0) |
    (f.oneSided ? FLAG.oneSided : 0) |
    (f.inactive ? FLAG.inactive : 0)
  );
}

export function decodeFlags(bits: number): SnapshotFlags {
  const b = Number.isFinite(bits) ? bits : 0;
  return {
    stale: (b & FLAG.stale) !== 0,
    empty: (b & FLAG.empty) !== 0,
    oneSided: (b & FLAG.oneSided) !== 0,
    inactive: (b & FLAG.inactive) !== 0,
  };
}

/** What a thread needs to attach to the slots (structured-cloneable; the SAB is shared, not copied). */
export interface SlotsDescriptor {
  sab: SharedArrayBuffer;
  tickers: readonly string[];
}

/** What one feed worker needs: the buffer and its own slot index. */
export interface SlotRef {
  sab: SharedArrayBuffer;
  index: number;
}

function views(sab: SharedArrayBuffer): { i32: Int32Array; f64: Float64Array } {
  return { i32: new Int32Array(sab), f64: new Float64Array(sab) };
}

function checkIndex(sab: SharedArrayBuffer, index: number): void {
  const n = sab.byteLength / SLOT_STRIDE_BYTES;
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new MarketDataError('MD_BAD_SLOT', `slot index ${index} outside 0..${n - 1}`);
  }
}

/** Allocation-free NaN → null for one field. */
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const orZero = (v: number): number => (Number.isNaN(v) ? 0 : v);

/** The writer side of one slot; only that security's feed worker may hold one. */
export class SlotWriter {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly seqIndex: number;
  private readonly base: number;
  private lastBid = NaN;
  private lastAsk = NaN;
  private lastFlags = NaN;

  constructor(ref: SlotRef) {
    if (!(ref.sab instanceof SharedArrayBuffer))
      throw new MarketDataError('MD_BAD_SLOT', 'sab is not a SharedArrayBuffer');
    checkIndex(ref.sab, ref.index);
    ({ i32: this.i32, f64: this.f64 } = views(ref.sab));
    this.seqIndex = (ref.index * SLOT_STRIDE_BYTES) / 4;
    this.base = (ref.index * SLOT_STRIDE_BYTES + SLOT_HEADER_BYTES) / 8;
    repair(this.i32, this.seqIndex);
  }

  /** Publishes `values` (SLOT_FIELD_COUNT doubles, NaN = absent) as one consistent snapshot. */
  publish(values: Float64Array): void {
    // Checked before the write: a throw between beginWrite and endWrite would leave the slot mid-write.
    if (values.length < SLOT_FIELD_COUNT) {
      throw new MarketDataError('MD_BAD_SLOT', `publish needs ${SLOT_FIELD_COUNT} values, got ${values.length}`);
    }
    const { f64, base } = this;
    beginWrite(this.i32, this.seqIndex);
    for (let i = 0; i < SLOT_FIELD_COUNT; i++) f64[base + i] = at(values, i);
    endWrite(this.i32, this.seqIndex);
    const bid = at(values, F.bid),
      ask = at(values, F.ask),
      flags = at(values, F.flags);
    // A feed publishes every poll, changed or not; readers that act on a moved touch are woken only then.
    if (!Object.is(bid, this.lastBid) || !Object.is(ask, this.lastAsk) || !Object.is(flags, this.lastFlags)) {
      this.lastBid = bid;
      this.lastAsk = ask;
      this.lastFlags = flags;
      Atomics.add(this.i32, this.seqIndex + 1, 1);
      Atomics.notify(this.i32, this.seqIndex + 1);
    }
  }

  /** Publishes from a Snapshot-shaped object (nulls become NaN). Convenience for tests and tools. */
  publishSnapshot(s: Omit<Snapshot, 'ticker' | 'version'>): void {
    this.publish(snapshotToValues(s));
  }

  /** Publishes so far by this slot's writers (the readers' `version`). */
  get version(): number {
    return Atomics.load(this.i32, this.seqIndex) >>> 1;
  }
}

export function snapshotToValues(
  s: Omit<Snapshot, 'ticker' | 'version'>,
  out = new Float64Array(SLOT_FIELD_COUNT),
): Float64Array {
  const rec = s as unknown as Record<string, unknown>;
  for (let i = 0; i < SLOT_FIELD_COUNT; i++) {
    const name = at(SLOT_FIELDS, i);
    if (name === 'flags') {
      out[i] = encodeFlags(s.flags);
      continue;
    }
    const v = rec[name];
    out[i] = typeof v === 'number' ? v : NaN;
  }
  return out;
}

/** Builds a Snapshot from a field vector (NaN → null for nullable fields, 0 for counts). */
export function valuesToSnapshot(ticker: string, version: number, v: Float64Array): Snapshot {
  return {
    ticker,
    version,
    period: orZero(at(v, F.period)),
    tick: orZero(at(v, F.tick)),
    monoMs: orZero(at(v, F.monoMs)),
    bid: orNull(at(v, F.bid)),
    ask: orNull(at(v, F.ask)),
    bidSize: orZero(at(v, F.bidSize)),
    askSize: orZero(at(v, F.askSize)),
    mid: orNull(at(v, F.mid)),
    depthBid: orZero(at(v, F.depthBid)),
    depthAsk: orZero(at(v, F.depthAsk)),
    bookImbalance: orZero(at(v, F.bookImbalance)),
    last: orNull(at(v, F.last)),
    lastSize: orZero(at(v, F.lastSize)),
    volume: orZero(at(v, F.volume)),
    vpin: orNull(at(v, F.vpin)),
    signedImbalance: orNull(at(v, F.signedImbalance)),
    buyFraction: orNull(at(v, F.buyFraction)),
    sigmaMidPerTick: orNull(at(v, F.sigmaMidPerTick)),
    sigmaPerBucket: orNull(at(v, F.sigmaPerBucket)),
    bucketVolume: orZero(at(v, F.bucketVolume)),
    bucketDurationTicks: orNull(at(v, F.bucketDurationTicks)),
    bucketDurationMs: orNull(at(v, F.bucketDurationMs)),
    longRunSigma: orNull(at(v, F.longRunSigma)),
    flags: decodeFlags(at(v, F.flags)),
    vwap: orNull(at(v, F.vwap)),
    tradeCount: orZero(at(v, F.tradeCount)),
    lastPrintId: orZero(at(v, F.lastPrintId)),
    bucketsCompleted: orZero(at(v, F.bucketsCompleted)),
  };
}

/**
 * All securities' slots in one SharedArrayBuffer. Create once in main (`create`), pass `descriptor`
 * to any thread, `attach` there. Reads never block and never see a torn snapshot.
 */
export class SnapshotSlots {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly scratch = new Float64Array(SLOT_FIELD_COUNT);

  private constructor(
    readonly sab: SharedArrayBuffer,
    readonly tickers: readonly string[],
  ) {
    ({ i32: this.i32, f64: this.f64 } = views(sab));
  }

  static create(tickers: readonly string[]): SnapshotSlots {
    if (tickers.length === 0) throw new MarketDataError('MD_BAD_OPTION', 'no tickers');
    if (new Set(tickers).size !== tickers.length)
      throw new MarketDataError('MD_BAD_OPTION', `duplicate tickers in ${tickers.join(',')}`);
    const sab = new SharedArrayBuffer(SLOT_STRIDE_BYTES * tickers.length);
    // Before any publish every field is "absent"; version 0 tells readers the slot was never written.
    const f64 = new Float64Array(sab);
    for (let i = 0; i < tickers.length; i++) {
      const base = (i * SLOT_STRIDE_BYTES + SLOT_HEADER_BYTES) / 8;
      f64.fill(NaN, base, base + SLOT_FIELD_COUNT);
    }
    return new SnapshotSlots(sab, [...tickers]);
  }

  static attach(desc: SlotsDescriptor): SnapshotSlots {
    if (!(desc.sab instanceof SharedArrayBuffer) || desc.sab.byteLength !== SLOT_STRIDE_BYTES * desc.tickers.length) {
      throw new MarketDataError('MD_BAD_SLOT', 'descriptor does not match the slot layout');
    }
    return new SnapshotSlots(desc.sab, [...desc.tickers]);
  }

  get descriptor(): SlotsDescriptor {
    return { sab: this.sab, tickers: this.tickers };
  }

  indexOf(ticker: string): number {
    const i = this.tickers.indexOf(ticker);
    if (i < 0) throw new MarketDataError('MD_BAD_SLOT', `no slot for ticker ${JSON.stringify(ticker)}`);
    return i;
  }

  ref(index: number): SlotRef {
    checkIndex(this.sab, index);
    return { sab: this.sab, index };
  }

  writer(index: number): SlotWriter {
    return new SlotWriter(this.ref(index));
  }

  /**
   * Hot-path read: copies the slot's fields into `scratch` (index with `F`), returns the version
   * (0 = never written). NaN marks absent values. Throws MD_SLOT_BUSY only if the writer died mid-write.
   */
  readInto(index: number, scratch: Float64Array): number {
    const seqIndex = (index * SLOT_STRIDE_BYTES) / 4;
    const base = (index * SLOT_STRIDE_BYTES + SLOT_HEADER_BYTES) / 8;
    if (index < 0 || base + SLOT_FIELD_COUNT > this.f64.length || scratch.length < SLOT_FIELD_COUNT) {
      throw new MarketDataError('MD_BAD_SLOT', `bad slot index ${index} or scratch of length ${scratch.length}`);
    }
    const seq = readConsistent(this.i32, seqIndex, this.f64, base, SLOT_FIELD_COUNT, scratch);
    if (seq < 0) throw new MarketDataError('MD_SLOT_BUSY', `slot ${index} stayed mid-write`);
    return seq >>> 1;
  }

  /** How many times this slot's touch (bid, ask, flags) has moved; see `waitForTouch`. */
  touchVersion(index: number): number {
    checkIndex(this.sab, index);
    return Atomics.load(this.i32, (index * SLOT_STRIDE_BYTES) / 4 + 1) >>> 0;
  }

  /**
   * Resolves once the slot's touch has moved past `sinceTouchVersion` (true), or after `timeoutMs`
   * (false). Does not block the thread (Atomics.waitAsync): the writer's notify wakes this thread's
   * event loop directly, with no polling and no message.
   */
  async waitForTouch(index: number, sinceTouchVersion: number, timeoutMs: number): Promise<boolean> {
    checkIndex(this.sab, index);
    const i = (index * SLOT_STRIDE_BYTES) / 4 + 1;
    const r = Atomics.waitAsync(this.i32, i, sinceTouchVersion | 0, timeoutMs);
    const outcome = r.async ? await r.value : r.value;
    return outcome !== 'timed-out';
  }

  /** Wakes every `waitForTouch` on the slot now (a reader stopping its own waits). */
  interruptTouchWaits(index: number): void {
    checkIndex(this.sab, index);
    Atomics.notify(this.i32, (index * SLOT_STRIDE_BYTES) / 4 + 1);
  }

  /** A consistent Snapshot of one security, with null (never NaN) for absent values. */
  readSnapshot(index: number): Snapshot {
    const version = this.readInto(index, this.scratch);
    return valuesToSnapshot(at(this.tickers, index), version, this.scratch);
  }

  readSnapshotOf(ticker: string): Snapshot {
    return this.readSnapshot(this.indexOf(ticker));
  }
}

/** Standalone reader over a `SlotRef`, for a thread that only knows its buffer and index. */
export function readSlot(ref: SlotRef, ticker: string, scratch = new Float64Array(SLOT_FIELD_COUNT)): Snapshot {
  const n = ref.sab.byteLength / SLOT_STRIDE_BYTES;
  const tickers = Array.from({ length: n }, (_, i) => (i === ref.index ? ticker : ''));
  const slots = SnapshotSlots.attach({ sab: ref.sab, tickers });
  const version = slots.readInto(ref.index, scratch);
  return valuesToSnapshot(ticker, version, scratch);
}
