/*
 * Finding where a JSON value ends, and decoding the common ones, straight from the bytes of a
 * line: what the skimmer (skim.ts) walks a record with.
 */

/** What decode gives for a value JSON.parse rejects. */
const INVALID: unique symbol = Symbol('invalid JSON');

/** The bytes that give JSON its structure. */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Returned for a value JSON.parse would reject. */
const BROKEN = -1;

// Exported as a list, not declared exported: compiled to CommonJS, an exported const is read off the
// module object at each use in this file too, and the loops below use them on every byte.
export { INVALID, QUOTE, BACKSLASH, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, COLON, BROKEN };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index of the first byte at or after `p` that is no JSON whitespace (`end` at the most). */
export function skipSpace(b: Buffer, p: number, end: number): number {
  // Agents write JSON without spaces: one comparison settles the usual byte.
  if (b[p] > 0x20) return p;
  while (p < end && isSpace(b[p])) p++;
  return p;
}

/** Strings up to this long (keys, ids, times) are looked through here, cheaper than a call into the runtime. */
const SHORT_STRING = 48;

/** Index just past the string whose opening quote is at `p`, or BROKEN when it does not close before `end`. */
function stringEnd(b: Buffer, p: number, end: number): number {
  const near = Math.min(end, p + SHORT_STRING);
  for (let q = p + 1; q < near; q++) {
    const c = b[q];
    if (c === QUOTE) return q + 1;
    if (c === BACKSLASH) return escapedStringEnd(b, p, end);
  }
  return escapedStringEnd(b, p, end);
}

/** stringEnd for a long string or one with escapes: from quote to quote, checking for escaped ones. */
export function escapedStringEnd(b: Buffer, p: number, end: number): number {
  for (let q = b.indexOf(QUOTE, p + 1); q !== -1 && q < end; q = b.indexOf(QUOTE, q + 1)) {
    let k = q - 1;
    while (b[k] === BACKSLASH) k--;
    // An even run of backslashes escapes itself, not the quote.
    if ((q - 1 - k) % 2 === 0) return q + 1;
  }
  return BROKEN;
}

/** The closing brackets nestedEnd expects, innermost last: one array for every call, grown when a line nests deeper. */
let closers = new Uint8Array(256);

/** Index just past the object or array opening at `p`, tracking strings and bracket pairs only. */
function nestedEnd(b: Buffer, p: number, end: number): number {
  let depth = 0;
  let q = p;
  while (q < end) {
    const c = b[q];
    if (c === QUOTE) {
      q = stringEnd(b, q, end);
      if (q === BROKEN) return BROKEN;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === closers.length) closers = Uint8Array.from({ length: depth * 2 }, (_, i) => closers[i] ?? 0);
      closers[depth++] = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth === 0 || closers[--depth] !== c) return BROKEN;
      if (depth === 0) return q + 1;
    }
    q++;
  }
  return BROKEN;
}

/** Index just past the value starting at `p`. */
export function valueEnd(b: Buffer, p: number, end: number): number {
  const c = b[p];
  if (c === QUOTE) return stringEnd(b, p, end);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) return nestedEnd(b, p, end);
  let q = p;
  while (q < end) {
    const d = b[q];
    if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || isSpace(d)) break;
    q++;
  }
  return q > p ? q : BROKEN;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** True when `b[s, e)` is exactly `word`. */
function isWord(b: Buffer, s: number, e: number, word: Buffer): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word[i]) return false;
  return true;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Decodes one value. The common shapes are read directly: a string without escapes or control
 * characters (ASCII as latin1, which is the same and cheaper), a literal (flags such as
 * `isSidechain` are on every line), a small integer without a leading zero; anything else goes
 * through JSON.parse.
 */
export function decode(b: Buffer, s: number, e: number): unknown {
  const first = b[s];
  if (first === QUOTE) {
    let ascii = true;
    let i = s + 1;
    for (; i < e - 1; i++) {
      const c = b[i];
      if (c === BACKSLASH || c < 0x20) break;
      if (c >= 0x80) ascii = false;
    }
    if (i === e - 1) return ascii ? b.toString('latin1', s + 1, e - 1) : b.toString('utf8', s + 1, e - 1);
  } else if (isWord(b, s, e, TRUE)) return true;
  else if (isWord(b, s, e, FALSE)) return false;
  else if (isWord(b, s, e, NULL)) return null;
  else if (first >= DIGIT_0 && first <= DIGIT_9 && e - s <= 15 && (first !== DIGIT_0 || e - s === 1)) {
    let n = 0;
    let i = s;
    for (; i < e && b[i] >= DIGIT_0 && b[i] <= DIGIT_9; i++) n = n * 10 + (b[i] - DIGIT_0);
    if (i === e) return n;
  }
  try {
    return JSON.parse(b.toString('utf8', s, e)) as unknown;
  } catch {
    return INVALID;
  }
}
