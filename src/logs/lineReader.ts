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
  /** Per needle, the longest line it is looked for in (a search of every byte costs as much as the rest of the read). */
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

/** True when the line `line[start, end)` passes the pre-filter: the first needle found in it is not voided. */
export function lineAdmitted(opts: Prefilter, line: Buffer, start: number, end: number): boolean {
  // One view of the line for every needle: a search must not run on past the line's end.
  const view = line.subarray(start, end);
  for (let i = 0; i < opts.needles.length; i++) {
    if (end - start > (opts.maxBytes[i] ?? Infinity)) continue;
    const at = opts.fromEnd[i] ? view.lastIndexOf(opts.needles[i]) : view.indexOf(opts.needles[i]);
    if (at === -1) continue;
    const from = at + opts.needles[i].length;
    return !(opts.voidedBy[i]?.some((v) => followedBy(view, from, v)) ?? false);
  }
  return false;
}

/** True when `bytes` holds `v` at `from`. */
function followedBy(bytes: Buffer, from: number, v: Buffer): boolean {
  return from + v.length <= bytes.length && bytes.compare(v, 0, v.length, from, from + v.length) === 0;
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

  const emitCarried = (tail: Buffer): void => {
    counters.lines++;
    if (dropping) counters.malformed++;
    else {
      const line = carry.length === 0 ? tail : Buffer.concat([...carry, tail]);
      if (lineAdmitted(opts, line, 0, line.length)) onLine(line, 0, line.length);
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
      }
      for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        counters.lines++;
        const matched = lineAdmitted(opts, chunk, start, nl);
        if (matched) onLine(chunk, start, nl);
        else counters.prefiltered++;
        start = nl + 1;
        consumed = chunkStart + start;
        // Checked, not awaited, per line: an await per line costs more than the check.
        if (matched && slicer.due()) await slicer.yield();
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
