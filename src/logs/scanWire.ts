import type { AgentTurn } from '../domain/turns';
import type { UsageRecord } from '../domain/tokens';
import type { FileResult } from './scanner';

/**
 * File results as they cross from a scan thread to the host: every string once in a table (an
 * agent, session, folder and model repeat on every event), every number in one array each, copied
 * in one piece. Structured cloning of the objects themselves cost as much time on the host as the
 * scan thread spent reading a fifth of the bytes. The arrays are copied, not transferred: the first
 * transfer detaches a buffer, after which V8 checks every typed-array read of the thread for
 * detachment, the skimmer's reads of every byte included (a scan ran 10–15% slower for good).
 */
export interface WireResults {
  readonly strings: string[];
  /** Per file: path, agent (string indexes), reset (0/1), events, turns. */
  readonly files: Int32Array;
  /** Per event: EVENT_FIELDS numbers, strings as indexes (-1 for none). */
  readonly events: Float64Array;
  /** Per turn: TURN_FIELDS numbers, strings as indexes (-1 for none), flags as bits. */
  readonly turns: Float64Array;
}

const FILE_FIELDS = 5;
const EVENT_FIELDS = 10;
const TURN_FIELDS = 6;
const PROMPTED = 1;
const INTERRUPTED = 2;
const OPEN = 4;

/** Encodes file results for postMessage. */
export function encodeResults(results: readonly FileResult[]): WireResults {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      index.set(s, i);
    }
    return i;
  };
  const eventCount = results.reduce((n, r) => n + r.events.length, 0);
  const turnCount = results.reduce((n, r) => n + r.turns.length, 0);
  const files = new Int32Array(results.length * FILE_FIELDS);
  const events = new Float64Array(eventCount * EVENT_FIELDS);
  const turns = new Float64Array(turnCount * TURN_FIELDS);
  let f = 0;
  let e = 0;
  let t = 0;
  for (const r of results) {
    files[f] = ref(r.path);
    files[f + 1] = ref(r.agent);
    files[f + 2] = r.reset ? 1 : 0;
    files[f + 3] = r.events.length;
    files[f + 4] = r.turns.length;
    f += FILE_FIELDS;
    for (const u of r.events) {
      events[e] = ref(u.agent);
      events[e + 1] = ref(u.key);
      events[e + 2] = u.timestamp;
      events[e + 3] = ref(u.sessionId);
      events[e + 4] = ref(u.cwd);
      events[e + 5] = ref(u.model);
      events[e + 6] = u.input;
      events[e + 7] = u.output;
      events[e + 8] = u.cacheCreation;
      events[e + 9] = u.cacheRead;
      e += EVENT_FIELDS;
    }
    for (const turn of r.turns) {
      turns[t] = ref(turn.agent);
      turns[t + 1] = ref(turn.sessionId);
      turns[t + 2] = ref(turn.cwd);
      turns[t + 3] = turn.start;
      turns[t + 4] = turn.end;
      turns[t + 5] = (turn.prompted ? PROMPTED : 0) | (turn.interrupted ? INTERRUPTED : 0) | (turn.open ? OPEN : 0);
      t += TURN_FIELDS;
    }
  }
  return { strings, files, events, turns };
}

/** The file results `encodeResults` was given, equal field for field. */
export function decodeResults(wire: WireResults): FileResult[] {
  const { strings, files, events, turns } = wire;
  const str = (i: number): string | undefined => (i < 0 ? undefined : strings[i]);
  const text = (i: number): string => strings[i] ?? '';
  const out: FileResult[] = [];
  let e = 0;
  let t = 0;
  for (let f = 0; f < files.length; f += FILE_FIELDS) {
    const fileEvents: UsageRecord[] = [];
    for (let n = 0; n < files[f + 3]; n++, e += EVENT_FIELDS) {
      fileEvents.push({
        agent: text(events[e]),
        key: text(events[e + 1]),
        timestamp: events[e + 2],
        sessionId: str(events[e + 3]),
        cwd: str(events[e + 4]),
        model: str(events[e + 5]),
        input: events[e + 6],
        output: events[e + 7],
        cacheCreation: events[e + 8],
        cacheRead: events[e + 9],
      });
    }
    const fileTurns: AgentTurn[] = [];
    for (let n = 0; n < files[f + 4]; n++, t += TURN_FIELDS) {
      const flags = turns[t + 5];
      fileTurns.push({
        agent: text(turns[t]),
        sessionId: str(turns[t + 1]),
        cwd: str(turns[t + 2]),
        start: turns[t + 3],
        end: turns[t + 4],
        prompted: (flags & PROMPTED) !== 0,
        interrupted: (flags & INTERRUPTED) !== 0,
        open: (flags & OPEN) !== 0,
      });
    }
    out.push({ path: text(files[f]), agent: text(files[f + 1]), reset: files[f + 2] === 1, events: fileEvents, turns: fileTurns });
  }
  return out;
}
