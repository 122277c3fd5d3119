import type { Slicer } from '../app/slices';
import type { LogFormat } from './reader';

/** Reads up to `length` bytes at `position` into the start of `buffer`; the count read, or a promise of it. */
export type ReadAt = (buffer: Buffer, length: number, position: number) => number | Promise<number>;

/** Byte and line counts of one read, added to the scan's totals. */
export interface LineCounters {
  bytesRead: number;
  lines: number;
  /** Lines skipped because they held none of the needles. */
  prefiltered: number;
  /** Lines dropped as unusable (here: longer than the length cap). */
  malformed: number;
}

/** A format's pre-filter as bytes (see LogFormat.mustContainAny and what follows it). */
export interface Prefilter {
  /** Lines holding none of these byte strings are counted but never decoded; looked for in order, the first found decides. */
  readonly needles: readonly Buffer[];
  /** Per needle, byte strings that skip the line when one follows its hit directly (see LogFormat.voidedBy). */
  readonly voidedBy: readonly (readonly Buffer[] | undefined)[];
  /** Per needle, the longest line a hit of it counts in (LineFilter searches such lines no more than any other). */
  readonly maxBytes: readonly (number | undefined)[];
  /** Per needle, true when it is looked for from the line's end (see LogFormat.nearLineEnd). */
  readonly fromEnd: readonly boolean[];
}

const prefilters = new WeakMap<LogFormat<unknown>, Prefilter>();

/** The pre-filter of a format, as bytes, made once. */
export function prefilterOf(format: LogFormat<unknown>): Prefilter {
  let done = prefilters.get(format);
  if (done === undefined) {
    done = {
      needles: format.mustContainAny.map((s) => Buffer.from(s)),
      voidedBy: format.mustContainAny.map((s) => format.voidedBy?.[s]?.map((v) => Buffer.from(v))),
      maxBytes: format.mustContainAny.map((s) => format.shortLines?.[s]),
      fromEnd: format.mustContainAny.map((s) => format.nearLineEnd?.includes(s) === true),
    };
    prefilters.set(format, done);
  }
  return done;
}

/** What to read and how: the byte range, the pre-filter and the read buffers. */
export interface LineReadOptions extends Prefilter {
  readonly from: number;
  readonly to: number;
  /** Two equal-sized chunk buffers, reused from file to file to spare the allocator and GC. */
  readonly buffers: readonly [Buffer, Buffer];
  /** A line longer than this is dropped rather than buffered without bound. */
  readonly maxLineBytes: number;
}

const NEWLINE = 0x0a;
/** Decoded lines between looks at the slice's clock: a few microseconds each, far under a slice. */
export const CHECK_LINES = 16;
/** A search from a line's end runs on the buffer when the last hit lies at most this far before the line (see LineFilter). */
const NEAR_HIT = 4 << 10;
/** A decoded line longer than this within a chunk is followed by a look at the clock whatever the count (a line carried over chunks always is). */
const CHECK_BYTES = 64 << 10;

/**
 * Tells which lines pass a pre-filter: the first needle found in the line (in order) is not voided.
 * It searches the buffer the lines come from rather than a view of each line.
 * A forward search's hit is remembered: when it lies past the line's end, the lines up to it hold
 * none, so each needle is searched through a chunk about once (an assistant line is not searched
 * whole for a prompt's marker). A search from a line's end runs back into the lines before when
 * the line lacks the needle, but no further than the last hit found: when that lies just before
 * the line, the search runs on the buffer; otherwise on a view of the line, which bounds it.
 */
export class LineFilter {
  private buffer: Buffer | undefined;
  /** Per forward needle: where its last search started, and its hit there (-1: none to the buffer's end). */
  private readonly searchedFrom: number[];
  private readonly hit: number[];
  /** Per needle looked for from the line's end: the latest hit found in the buffer (-1: none yet). */
  private readonly lastHit: number[];

  constructor(private readonly opts: Prefilter) {
    this.searchedFrom = opts.needles.map(() => Infinity);
    this.hit = opts.needles.map(() => -1);
    this.lastHit = opts.needles.map(() => -1);
  }

  /** Lines now come from `buffer` (each chunk is a view of its own): forgets every hit. */
  private reset(buffer: Buffer): void {
    this.buffer = buffer;
    this.searchedFrom.fill(Infinity);
    this.lastHit.fill(-1);
  }

  /** True when `line[start, end)` passes the pre-filter. The bytes of a buffer once seen must not change. */
  admits(line: Buffer, start: number, end: number): boolean {
    if (line !== this.buffer) this.reset(line);
    const opts = this.opts;
    let view: Buffer | undefined;
    for (let i = 0; i < opts.needles.length; i++) {
      if (end - start > (opts.maxBytes[i] ?? Infinity)) continue;
      const needle = opts.needles[i];
      let at: number;
      if (opts.fromEnd[i]) {
        if (end - start < needle.length) continue;
        const last = this.lastHit[i];
        let found: number;
        if (last !== -1 && last < start && start - last <= NEAR_HIT) found = line.lastIndexOf(needle, end - needle.length);
        else {
          view ??= line.subarray(start, end);
          found = view.lastIndexOf(needle);
          found = found === -1 ? -1 : start + found;
        }
        if (found > last) this.lastHit[i] = found;
        at = found >= start ? found : -1;
      } else {
        if (!(this.searchedFrom[i] <= start && (this.hit[i] === -1 || this.hit[i] >= start))) {
          this.searchedFrom[i] = start;
          this.hit[i] = line.indexOf(needle, start);
        }
        at = this.hit[i] !== -1 && this.hit[i] + needle.length <= end ? this.hit[i] : -1;
      }
      if (at === -1) continue;
      const voids = opts.voidedBy[i];
      if (voids !== undefined) for (const v of voids) if (followedBy(line, at + needle.length, end, v)) return false;
      return true;
    }
    return false;
  }
}

/** True when `bytes` holds `v` at `from`, before `end` (byte by byte: shorter than a call into the runtime). */
function followedBy(bytes: Buffer, from: number, end: number, v: Buffer): boolean {
  if (from + v.length > end) return false;
  for (let k = 0; k < v.length; k++) if (bytes[from + k] !== v[k]) return false;
  return true;
}

/**
 * Streams the complete lines of `[from, to)` in chunks, splitting on the newline byte: nothing is
 * decoded here, so multi-byte UTF-8 split across chunks stays intact. Lines passing the pre-filter
 * go to `onLine` as `bytes[start, end)` (without the newline), valid only during the call: the
 * buffer is reused. The next chunk is read while this one is parsed (when `read` is asynchronous).
 * Returns the offset just past the last complete line: a trailing partial line is left for later.
 */
export async function readMatchingLines(
  read: ReadAt,
  opts: LineReadOptions,
  onLine: (bytes: Buffer, start: number, end: number) => void,
  counters: LineCounters,
  slicer: Slicer,
): Promise<number> {
  const buffers = opts.buffers;
  const readAt = (buffer: Buffer, at: number) => read(buffer, Math.min(buffer.length, opts.to - at), at);
  let position = opts.from;
  let consumed = opts.from;
  let which = 0;
  // Bytes of a line that started in an earlier chunk; `dropping` once that line exceeded the cap.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let dropping = false;
  let pending = position < opts.to ? readAt(buffers[which], position) : undefined;
  const filter = new LineFilter(opts);
  let sinceCheck = 0;

  const emitCarried = (tail: Buffer): void => {
    counters.lines++;
    if (dropping) counters.malformed++;
    else {
      const line = carry.length === 0 ? tail : Buffer.concat([...carry, tail]);
      if (filter.admits(line, 0, line.length)) onLine(line, 0, line.length);
      else counters.prefiltered++;
    }
    carry = [];
    carryBytes = 0;
    dropping = false;
  };

  try {
    while (pending !== undefined) {
      const bytesRead = await pending;
      if (bytesRead === 0) break; // the file shrank under us; the next scan will see it
      const chunkStart = position;
      const chunk = buffers[which].subarray(0, bytesRead);
      position += bytesRead;
      counters.bytesRead += bytesRead;
      which ^= 1;
      pending = position < opts.to ? readAt(buffers[which], position) : undefined;

      let start = 0;
      if (carryBytes > 0 || dropping) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl === -1) {
          keepPartial(chunk);
          continue;
        }
        emitCarried(chunk.subarray(0, nl));
        start = nl + 1;
        consumed = chunkStart + start;
        if (slicer.due()) await slicer.yield();
      }
      for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        counters.lines++;
        const matched = filter.admits(chunk, start, nl);
        if (matched) onLine(chunk, start, nl);
        else counters.prefiltered++;
        const long = nl - start > CHECK_BYTES;
        start = nl + 1;
        consumed = chunkStart + start;
        // The clock is read every few decoded lines (or long ones), and awaited only when due: per line, either cost more than the decoding.
        if (matched && (++sinceCheck >= CHECK_LINES || long)) {
          sinceCheck = 0;
          if (slicer.due()) await slicer.yield();
        }
      }
      if (start < chunk.length) keepPartial(chunk.subarray(start));
      await slicer.pause();
    }
  } finally {
    // An abort can leave a read in flight; settle it so its handle can close without an unhandled rejection.
    await Promise.resolve(pending).catch(() => undefined);
  }
  return consumed;

  /** Buffers an unfinished line (copied: its chunk buffer is about to be reused), or drops it past the cap. */
  function keepPartial(bytes: Buffer): void {
    if (dropping) return;
    carryBytes += bytes.length;
    if (carryBytes > opts.maxLineBytes) {
      dropping = true;
      carry = [];
      carryBytes = 0;
    } else carry.push(Buffer.from(bytes));
  }
}
