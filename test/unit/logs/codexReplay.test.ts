import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codexFormat } from '../../../src/logs/codexParser';
import { codexLogDirs } from '../../../src/logs/roots';
import { scanLogs, type FileCheckpoint } from '../../../src/logs/scanner';
import { sumBuckets } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';
import { tempDir, writeFile } from './helpers';
import { at } from './turnLines';

type Counters = [input: number, cached: number, output: number];

/** A token_count with its running total and this request's own usage, as Codex writes them. */
function tokenCount(s: number, total: Counters, last: Counters): string {
  const usage = ([i, c, o]: Counters) => ({
    input_tokens: i,
    cached_input_tokens: c,
    output_tokens: o,
    reasoning_output_tokens: 0,
    total_tokens: i + o,
  });
  return JSON.stringify({
    timestamp: at(s),
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: { total_token_usage: usage(total), last_token_usage: usage(last), model_context_window: 258400 },
    },
  });
}
const meta = (s: number, id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    timestamp: at(s),
    type: 'session_meta',
    payload: { id, cwd: '/work/app', originator: 'codex_cli_rs', cli_version: '0.169.0', ...extra },
  });
const event = (s: number, type: string) => JSON.stringify({ timestamp: at(s), type: 'event_msg', payload: { type, turn_id: `t${s}` } });

/** The parent's two turns: the second one's running total includes the first. */
const parentTurns = (s: number) => [
  event(s, 'task_started'),
  tokenCount(s + 5, [1000, 0, 100], [1000, 0, 100]),
  event(s + 6, 'task_complete'),
  event(s + 20, 'task_started'),
  tokenCount(s + 25, [2500, 800, 300], [1500, 800, 200]),
  event(s + 26, 'task_complete'),
];

describe('Codex replays and copies count once', () => {
  let dir: string;
  let cleanup: () => void;
  let root: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    root = path.join(dir, 'codex');
  });
  afterEach(() => cleanup());

  /** Scans sessions/ and archived_sessions/ and dedups across files by key, as the store's upsert does. */
  async function totals() {
    const out = await scanLogs([{ format: codexFormat, dirs: codexLogDirs([root]) }], new Map());
    const events = mergeUsage(out.results.flatMap((r) => r.events));
    return { usage: sumBuckets(events), out };
  }

  it('a forked rollout that replays its parent’s history (timestamps rewritten to the fork) counts only its own turn', async () => {
    writeFile(
      path.join(root, 'sessions', '2025', '10', '01', 'rollout-parent.jsonl'),
      [meta(0, 'parent'), ...parentTurns(1), ''].join('\n'),
    );
    const fork = [
      meta(100, 'child', { forked_from_id: 'parent' }),
      meta(100, 'parent'),
      ...parentTurns(0).map((line) => line.replace(/"timestamp":"[^"]+"/, `"timestamp":"${at(100)}"`)),
      event(110, 'task_started'),
      tokenCount(118, [4000, 2000, 400], [1500, 1200, 100]),
      event(119, 'task_complete'),
      '',
    ];
    writeFile(path.join(root, 'sessions', '2025', '10', '01', 'rollout-child.jsonl'), fork.join('\n'));
    const { usage, out } = await totals();
    // Parent: 1000 new input and 100 out, then 1500 input of which 800 cached and 200 out; the fork: 1500 input, 1200 cached, 100 out.
    assert.deepEqual(usage, { input: 1000 + 700 + 300, output: 100 + 200 + 100, cacheCreation: 0, cacheRead: 800 + 1200 });
    const child = out.results.find((r) => r.path.endsWith('rollout-child.jsonl'))!;
    const own = child.turns.filter((t) => t.end - t.start > 0);
    assert.deepEqual(
      own.map((t) => [t.sessionId, (t.end - t.start) / 1000]),
      [['child', 9]],
      'the fork keeps its own session id after the embedded parent meta',
    );
  });

  it('a rollout under both sessions/ and archived_sessions/ counts once', async () => {
    const rollout = [meta(0, 'parent'), ...parentTurns(1), ''].join('\n');
    writeFile(path.join(root, 'sessions', '2025', '10', '01', 'rollout-parent.jsonl'), rollout);
    const alone = (await totals()).usage;
    writeFile(path.join(root, 'archived_sessions', 'rollout-parent.jsonl'), rollout);
    const { usage, out } = await totals();
    assert.equal(out.stats.files, 1, 'one file per rollout name');
    assert.deepEqual(usage, alone);
    assert.deepEqual(alone, { input: 1700, output: 300, cacheCreation: 0, cacheRead: 800 });
  });

  it('of two copies the one read before stays the one read, so a copy made later is never read', async () => {
    const live = path.join(root, 'sessions', '2025', '10', '01', 'rollout-parent.jsonl');
    writeFile(live, [meta(0, 'parent'), ...parentTurns(1), ''].join('\n'));
    const scan = (prev: ReadonlyMap<string, FileCheckpoint>) => scanLogs([{ format: codexFormat, dirs: codexLogDirs([root]) }], prev);
    const first = await scan(new Map());
    writeFile(path.join(root, 'archived_sessions', 'rollout-parent.jsonl'), fs.readFileSync(live));
    const second = await scan(first.checkpoints);
    assert.deepEqual([...second.checkpoints.keys()], [live], 'the archived copy sorts first but is not taken');
    assert.deepEqual([second.stats.bytesRead, second.results.length], [0, 0]);
  });

  it('a rollout read before and then archived (moved) keeps its checkpoint: not read again, appends read once', async () => {
    const live = path.join(root, 'sessions', '2025', '10', '01', 'rollout-parent.jsonl');
    writeFile(live, [meta(0, 'parent'), ...parentTurns(1), ''].join('\n'));
    const scan = (prev: ReadonlyMap<string, FileCheckpoint>) => scanLogs([{ format: codexFormat, dirs: codexLogDirs([root]) }], prev);
    const first = await scan(new Map());
    const archived = path.join(root, 'archived_sessions', 'rollout-parent.jsonl');
    fs.mkdirSync(path.dirname(archived), { recursive: true });
    fs.renameSync(live, archived);
    const second = await scan(first.checkpoints);
    assert.deepEqual([second.stats.bytesRead, second.results.length, second.vanished], [0, 0, [live]]);
    assert.equal(second.checkpoints.get(archived)?.offset, first.checkpoints.get(live)?.offset);
    fs.appendFileSync(archived, `${event(60, 'task_started')}\n${tokenCount(65, [3000, 1000, 400], [500, 200, 100])}\n`);
    const third = await scan(second.checkpoints);
    assert.deepEqual(
      sumBuckets(third.results.flatMap((r) => r.events)),
      { input: 300, output: 100, cacheCreation: 0, cacheRead: 200 },
      'only the appended turn',
    );
  });
});
