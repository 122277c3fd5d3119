import { agentTime, parseJson, parseTimestamp, type JsonObject } from './json';
import * as jsonBytes from './jsonBytes';

// Local bindings, not named imports: compiled to CommonJS, an imported name is read off the module
// object at every use, which made the hot loops below 8% slower (tests and benches run that output).
const {
  BACKSLASH,
  BROKEN,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  decode,
  escapedStringEnd,
  INVALID,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE,
  skipSpace,
  valueEnd,
} = jsonBytes;

/**
 * How a parser reads one field of a record: `value` decodes it; `lazy` keeps it as a Lazy, decoded
 * only when the parser asks (see lazyValue); `time` decodes it too, except that a string
 * parseTimestamp reads comes as its epoch ms (see timeOf), in the usual form read straight from
 * the bytes without making the string; an object
 * names the fields wanted inside an object; `[fields]` reads each element of an array so. A value
 * of another shape than the rule expects is decoded whole, as JSON.parse would give it.
 */
export type Field = 'value' | 'lazy' | 'time' | Fields | readonly [Fields];

/** The fields of an object a parser reads; every other field is skipped undecoded. */
export interface Fields {
  readonly [key: string]: Field;
}

/**
 * A value not decoded yet. It reads the line's bytes, which belong to a reused read buffer: decode
 * it during the parse call or never.
 */
class Lazy {
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** The value as JSON.parse gives it (undefined when it is not valid JSON). */
  decode(): unknown {
    const value = decode(this.bytes, this.start, this.end);
    return value === INVALID ? undefined : value;
  }

  /** See lazyText. */
  text(chars: number): unknown {
    const { bytes, start, end } = this;
    // Enough bytes for `chars` characters of up to four bytes each, plus one cut short.
    let cut = start + 1 + (chars + 1) * 4;
    if (bytes[start] !== QUOTE || cut >= end - 1) return this.decode();
    // ASCII to the last character wanted (the usual prompt) is that many bytes, read as latin1.
    const asciiCut = start + 1 + chars;
    let ascii = true;
    for (let i = start + 1; i < cut; i++) {
      const c = bytes[i];
      if (c === BACKSLASH || c < 0x20) return this.decode();
      if (c >= 0x80) ascii = false;
      if (ascii && i === asciiCut - 1) return bytes.toString('latin1', start + 1, asciiCut);
    }
    // Not inside a character: back off its continuation bytes.
    while ((bytes[cut] & 0xc0) === 0x80) cut--;
    return bytes.toString('utf8', start + 1, cut);
  }
}

/** A field's value, decoding it if it was skimmed as `lazy` (a value from JSON.parse passes as is). */
export function lazyValue(value: unknown): unknown {
  return value instanceof Lazy ? value.decode() : value;
}

/**
 * A field's value, as lazyValue gives it, except that a long string may come cut short: to its
 * first `chars` characters or more, decoding no more of it. For a parser that reads only how a
 * long text starts (a prompt's first words).
 */
export function lazyText(value: unknown, chars: number): unknown {
  return value instanceof Lazy ? value.text(chars) : value;
}

/** Strings up to this long are remembered per field (see Recent). */
const RECENT_BYTES = 64;

/**
 * The last short string a field decoded. Most recur from line to line (session, folder, model,
 * record type, a response's id across its streamed copies): comparing the bytes with the last
 * ones is cheaper than decoding them again, and spares the garbage.
 */
class Recent {
  readonly bytes = new Uint8Array(RECENT_BYTES);
  length = -1;
  value = '';
}

/** A field rule ready for matching against key bytes. */
interface Rule {
  readonly name: string;
  readonly key: Buffer;
  readonly kind: 'value' | 'lazy' | 'time' | 'object' | 'array';
  readonly inner: Compiled;
  readonly recent: Recent;
}

/** Compiled Fields: the rules, and the rules by their key's first byte (most keys of a line start like no rule's). */
interface Compiled {
  readonly rules: readonly Rule[];
  readonly byFirstByte: readonly (readonly Rule[] | undefined)[];
}

/** Compiled rules: a slot for every first byte, so no lookup reads a hole or past the end (field names are never empty). */
function compileRules(rules: readonly Rule[]): Compiled {
  const byFirstByte = Array.from({ length: 256 }, (_, byte) => {
    const starting = rules.filter((rule) => rule.key[0] === byte);
    return starting.length === 0 ? undefined : starting;
  });
  return { rules, byFirstByte };
}

const NOTHING: Compiled = compileRules([]);

const compiledFields = new WeakMap<Fields, Compiled>();

function compile(fields: Fields): Compiled {
  let done = compiledFields.get(fields);
  if (done === undefined) {
    const rules = Object.entries(fields).map(([name, field]): Rule => {
      const key = Buffer.from(name);
      const recent = new Recent();
      if (field === 'value' || field === 'lazy' || field === 'time') return { name, key, kind: field, inner: NOTHING, recent };
      if (Array.isArray(field)) return { name, key, kind: 'array', inner: compile((field as readonly [Fields])[0]), recent };
      return { name, key, kind: 'object', inner: compile(field as Fields), recent };
    });
    done = compileRules(rules);
    compiledFields.set(fields, done);
  }
  return done;
}

/**
 * Reads the named fields of the JSON object in `bytes[start, end)` without decoding the rest: the
 * string values that make up most of an agent's log (file contents, command output, responses)
 * are skipped by searching for their closing quote. Gives what `JSON.parse` then picking those
 * fields gives on any line a JSON writer produced, and undefined for a line that is no object,
 * is cut short, has unbalanced brackets or trailing bytes. Looser than JSON.parse only inside the
 * values it skips (a bad literal or a raw control character there goes unnoticed).
 */
export function skimRecord(bytes: Buffer, start: number, end: number, fields: Fields): JsonObject | undefined {
  const p = skipSpace(bytes, start, end);
  if (bytes[p] !== OPEN_OBJECT) return undefined;
  const out: Record<string, unknown> = {};
  const q = readObject(bytes, p, end, compile(fields), out);
  return q !== BROKEN && skipSpace(bytes, q, end) === end ? out : undefined;
}

/**
 * The rule whose key is the key starting at `s`, compared in place: the closing quote where the
 * rule's length puts it (unescaped, as a rule's last byte is no backslash), then its bytes. Undefined when no rule's key is there.
 */
function ruleAt(compiled: Compiled, b: Buffer, s: number, end: number): Rule | undefined {
  const candidates = compiled.byFirstByte[b[s]];
  if (candidates === undefined) return undefined;
  for (const rule of candidates) {
    const key = rule.key;
    const len = key.length;
    if (s + len >= end || b[s + len] !== QUOTE) continue;
    let i = 1;
    while (i < len && b[s + i] === key[i]) i++;
    if (i === len) return rule;
  }
  return undefined;
}

/** The rule for an escaped key in `b[s, e)` (without its quotes), matched as JSON.parse would decode it. */
function ruleForEscaped(compiled: Compiled, b: Buffer, s: number, e: number): Rule | undefined {
  const name = parseJson(b.toString('utf8', s - 1, e + 1));
  return compiled.rules.find((r) => r.name === name);
}

/** Reads the object at `p` into `out` by `rules`; returns the index just past it. */
function readObject(b: Buffer, p: number, end: number, rules: Compiled, out: Record<string, unknown>): number {
  p = skipSpace(b, p + 1, end);
  if (b[p] === CLOSE_OBJECT) return p + 1;
  for (;;) {
    if (b[p] !== QUOTE) return BROKEN;
    // A wanted key is told in place; any other is run through to its closing quote, or its first
    // backslash (keys are short and seldom escaped): unescaped, it is no rule's, or ruleAt had told it.
    let rule = ruleAt(rules, b, p + 1, end);
    let k: number;
    if (rule !== undefined) k = p + 2 + rule.key.length;
    else {
      k = p + 1;
      while (k < end && b[k] !== QUOTE && b[k] !== BACKSLASH) k++;
      if (k === end) return BROKEN;
      if (b[k] === QUOTE) k++;
      else {
        k = escapedStringEnd(b, p, end);
        if (k === BROKEN) return BROKEN;
        rule = ruleForEscaped(rules, b, p + 1, k - 1);
      }
    }
    p = skipSpace(b, k, end);
    if (b[p] !== COLON) return BROKEN;
    p = skipSpace(b, p + 1, end);
    const q = rule === undefined ? valueEnd(b, p, end) : readField(b, p, end, rule, out);
    if (q === BROKEN) return BROKEN;
    p = skipSpace(b, q, end);
    if (b[p] === CLOSE_OBJECT) return p + 1;
    if (b[p] !== COMMA) return BROKEN;
    p = skipSpace(b, p + 1, end);
  }
}

/** Reads the array at `p`, each object element by `rules`; returns the index just past it. */
function readArray(b: Buffer, p: number, end: number, rules: Compiled, out: unknown[]): number {
  p = skipSpace(b, p + 1, end);
  if (b[p] === CLOSE_ARRAY) return p + 1;
  for (;;) {
    let q: number;
    if (b[p] === OPEN_OBJECT) {
      const element: Record<string, unknown> = {};
      q = readObject(b, p, end, rules, element);
      out.push(element);
    } else {
      q = valueEnd(b, p, end);
      const value = q === BROKEN ? INVALID : decode(b, p, q);
      if (value === INVALID) return BROKEN;
      out.push(value);
    }
    if (q === BROKEN) return BROKEN;
    p = skipSpace(b, q, end);
    if (b[p] === CLOSE_ARRAY) return p + 1;
    if (b[p] !== COMMA) return BROKEN;
    p = skipSpace(b, p + 1, end);
  }
}

/**
 * Reads the string at `p` into `out`: the field's last string when its bytes follow again (see
 * Recent), escaped or not; otherwise decoded in one pass that finds its end and whether it is plain
 * ASCII. One with escapes (a Windows path) or control characters is decoded by decode.
 */
function readString(b: Buffer, p: number, end: number, rule: Rule, out: Record<string, unknown>): number {
  const recent = rule.recent;
  // The usual case first: the field's last string again, told by its length and bytes alone. Those
  // bytes ended at an unescaped quote then, so followed by one they make the same string now.
  const n = recent.length;
  if (n >= 0 && p + 1 + n < end && b[p + 1 + n] === QUOTE && isRecent(recent, b, p, p + 2 + n)) {
    out[rule.name] = recent.value;
    return p + 2 + n;
  }
  // Not the last string: decoded, and remembered in its place.
  let ascii = true;
  for (let q = p + 1; q < end; q++) {
    const c = b[q];
    if (c === QUOTE) {
      out[rule.name] = remember(recent, b, p, q + 1, ascii ? b.toString('latin1', p + 1, q) : b.toString('utf8', p + 1, q));
      return q + 1;
    }
    if (c === BACKSLASH || c < 0x20) {
      const e = escapedStringEnd(b, p, end);
      if (e === BROKEN) return BROKEN;
      const value = decode(b, p, e);
      if (typeof value !== 'string') return BROKEN; // JSON.parse rejected it (a raw control character)
      out[rule.name] = remember(recent, b, p, e, value);
      return e;
    }
    if (c >= 0x80) ascii = false;
  }
  return BROKEN;
}

/** True when the string `b[s, e)` (quotes included) has the very bytes `recent` was decoded from. */
function isRecent(recent: Recent, b: Buffer, s: number, e: number): boolean {
  const length = e - s - 2;
  if (length !== recent.length) return false;
  for (let k = 0; k < length; k++) if (b[s + 1 + k] !== recent.bytes[k]) return false;
  return true;
}

/** Keeps `value`, decoded from the string `b[s, e)` (quotes included), as the field's last string when it is short; returns it. */
function remember(recent: Recent, b: Buffer, s: number, e: number, value: string): string {
  const length = e - s - 2;
  if (length <= RECENT_BYTES) {
    for (let k = 0; k < length; k++) recent.bytes[k] = b[s + 1 + k];
    recent.length = length;
    recent.value = value;
  }
  return value;
}

/**
 * Reads the string at `p` as a `time` field: the agents' usual form straight from its bytes (it holds
 * no quote nor escape, so the quote after it closes it); any other string through parseTimestamp,
 * left as the string when that fails.
 */
function readTime(b: Buffer, p: number, end: number, rule: Rule, out: Record<string, unknown>): number {
  const length = b[p + 21] === QUOTE ? 20 : b[p + 25] === QUOTE ? 24 : 0;
  const ms = length > 0 && p + 1 + length < end ? agentTime(b, p + 1, length) : undefined;
  if (ms !== undefined) {
    out[rule.name] = ms;
    return p + 2 + length;
  }
  const q = readString(b, p, end, rule, out);
  const text = out[rule.name];
  if (q !== BROKEN && typeof text === 'string') out[rule.name] = parseTimestamp(text) ?? text;
  return q;
}

/** Reads one wanted field's value at `p` into `out`; returns the index just past it. */
function readField(b: Buffer, p: number, end: number, rule: Rule, out: Record<string, unknown>): number {
  if (rule.kind === 'object' && b[p] === OPEN_OBJECT) {
    const inner: Record<string, unknown> = {};
    out[rule.name] = inner;
    return readObject(b, p, end, rule.inner, inner);
  }
  if (rule.kind === 'array' && b[p] === OPEN_ARRAY) {
    const inner: unknown[] = [];
    out[rule.name] = inner;
    return readArray(b, p, end, rule.inner, inner);
  }
  if (rule.kind === 'value' && b[p] === QUOTE) return readString(b, p, end, rule, out);
  if (rule.kind === 'time' && b[p] === QUOTE) return readTime(b, p, end, rule, out);
  const q = valueEnd(b, p, end);
  if (q === BROKEN) return BROKEN;
  const value = rule.kind === 'lazy' ? new Lazy(b, p, q) : decode(b, p, q);
  if (value === INVALID) return BROKEN;
  // Rule names are fixed field names, never `__proto__`: a plain store is what JSON.parse gives.
  out[rule.name] = value;
  return q;
}
