import type { AgentTurn } from '../domain/turns';
import type { UsageRecord } from '../domain/tokens';
import type { JsonObject } from './json';
import type { Fields } from './skim';

/** What a line yielded when it held no event: `ignored` for valid lines of no interest, `malformed` for broken ones. */
export type LineSkip = 'ignored' | 'malformed';

/**
 * One agent's log format: a pure per-line parser with a small JSON-serialisable per-file state,
 * so a file can be parsed incrementally across scans. Adding an agent means adding one of these.
 */
export interface LogFormat<S> {
  /** Agent name stamped on every event. */
  readonly agent: string;
  /**
   * Lines containing none of these byte strings are skipped unparsed: the pre-filter is what keeps
   * scanning cheap, since most bytes of a transcript are content, not usage. They are looked for in
   * this order, each within the line, and the first one found decides (see voidedBy).
   */
  readonly mustContainAny: readonly string[];
  /**
   * When these bytes directly follow a needle's hit, the line is skipped without looking for the
   * needles after it: a format tells a kind of line it never reads by how a field starts, and the
   * rest of such a line (a tool result's megabytes) is never searched (see claudeFormat).
   */
  readonly voidedBy?: Readonly<Record<string, readonly string[]>>;
  /**
   * Needles that sit near the end of the lines holding them (Claude logs a response's usage after
   * the response itself): looked for from the line's end, which finds them after a few bytes.
   */
  readonly nearLineEnd?: readonly string[];
  /**
   * A needle looked for only in lines up to this many bytes: a kind of line that is always short
   * (a turn's end marker) need not cost a search through every byte of the log.
   */
  readonly shortLines?: Readonly<Record<string, number>>;
  /**
   * True when a file's name identifies its log wherever it lies (Codex names rollouts by time and
   * session id): of several files named alike only one is read, the others being copies.
   */
  readonly sameFileByName?: boolean;
  /** State at the start of `file` (a format may take context from where the file lies, e.g. its project). */
  initialState(file: string): S;
  /** A fresh copy of a persisted state, or undefined when it is unusable (the file is then re-read from 0). */
  reviveState(saved: unknown): S | undefined;
  /** The fields parseRecord reads: the scanner decodes only these from a line's bytes (see skimRecord). */
  readonly fields: Fields;
  /**
   * Reads one line's record (undefined when the line is no JSON object), updating `state` in place;
   * never throws. A line that ends a turn hands it to `turnEnded`; a turn still open lives in
   * `state`, so it survives between scans.
   */
  parseRecord(record: JsonObject | undefined, state: S, turnEnded: (turn: AgentTurn) => void): UsageRecord | LineSkip;
  /** The turn still open after the last line read, counted up to its latest record. */
  openTurn(state: S): AgentTurn | undefined;
}
