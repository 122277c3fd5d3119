import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { geminiFormat } from '../../../src/logs/geminiParser';
import { geminiLogDirs } from '../../../src/logs/roots';
import { scanLogs, type FileCheckpoint, type ScanOutput } from '../../../src/logs/scanner';
import { liveSources } from '../../../src/logs/sources';
import { sumBuckets } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';
import { tempDir, writeFile } from './helpers';
import { at, ms } from './turnLines';

/** Gemini CLI chat records as its ChatRecordingService appends them (JSONL since 0.2x). */
const gemini = {
  meta: (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ sessionId: id, projectHash: 'abc123', startTime: at(0), lastUpdated: at(0), kind: 'main', ...extra }),
  user: (s: number, id: string) => JSON.stringify({ id, timestamp: at(s), type: 'user', content: [{ text: 'add a CSV export' }] }),
  reply: (s: number, id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id, timestamp: at(s), type: 'gemini', content: 'ok', thoughts: [], model: 'gemini-2.5-pro', ...extra }),
  tokens: { input: 12_000, output: 300, cached: 10_000, thoughts: 200, tool: 50, total: 12_550 },
  set: (s: number) => JSON.stringify({ $set: { lastUpdated: at(s) } }),
};

describe('Gemini CLI chats', () => {
  let dir: string;
  let cleanup: () => void;
  let root: string;
  let chats: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    root = path.join(dir, 'gemini');
    writeFile(path.join(root, 'tmp', 'my-app', '.project_root'), '/work/my-app');
    chats = path.join(root, 'tmp', 'my-app', 'chats');
  });
  afterEach(() => cleanup());
  const scan = (prev: ReadonlyMap<string, FileCheckpoint> = new Map()) =>
    scanLogs([{ format: geminiFormat, dirs: geminiLogDirs([root]) }], prev);
  const persisted = (out: ScanOutput) => new Map(JSON.parse(JSON.stringify([...out.checkpoints])) as [string, FileCheckpoint][]);

  it('counts a message once, however often it is appended, with its project folder from .project_root', async () => {
    const file = path.join(chats, 'session-2025-10-01T12-00-abcd1234.jsonl');
    writeFile(
      file,
      [
        gemini.meta('g-1'),
        gemini.user(1, 'u1'),
        gemini.set(1),
        gemini.reply(4, 'm1', { toolCalls: [{ id: 'c1', name: 'read_file', status: 'success', timestamp: at(9) }] }),
        gemini.reply(4, 'm1', { tokens: gemini.tokens, toolCalls: [{ id: 'c1', name: 'read_file', status: 'success', timestamp: at(9) }] }),
        JSON.stringify({ $set: { messages: [{ id: 'm1', type: 'gemini', tokens: gemini.tokens, timestamp: at(4) }] } }),
        '',
      ].join('\n'),
    );
    const out = await scan();
    const events = mergeUsage(out.results.flatMap((r) => r.events));
    assert.deepEqual(
      sumBuckets(events),
      { input: 2_000 + 50, output: 500, cacheCreation: 0, cacheRead: 10_000 },
      'input less its cached part, plus tool-use prompt; output plus thoughts',
    );
    assert.deepEqual(
      [events[0].sessionId, events[0].cwd, events[0].model, events[0].agent],
      ['g-1', '/work/my-app', 'gemini-2.5-pro', 'gemini'],
    );
    const turns = out.results[0].turns;
    assert.deepEqual(
      turns.map((t) => [(t.start - ms(0)) / 1000, (t.end - ms(0)) / 1000, t.prompted, t.open]),
      [[1, 9, true, true]],
      'the turn reaches the tool call’s instant',
    );
  });

  it('a next prompt ends a turn at its last record; a turn spanning two scans survives in the checkpoint', async () => {
    const file = path.join(chats, 'session-x.jsonl');
    writeFile(file, [gemini.meta('g-2'), gemini.user(0, 'u1'), gemini.reply(3, 'm1'), ''].join('\n'));
    const first = await scan();
    fs.appendFileSync(file, [gemini.reply(7, 'm2'), gemini.user(0, 'u1'), gemini.user(30, 'u2'), gemini.reply(33, 'm3'), ''].join('\n'));
    const second = await scan(persisted(first));
    const turns = second.results[0].turns.map((t) => [(t.start - ms(0)) / 1000, (t.end - ms(0)) / 1000, t.open]);
    assert.deepEqual(
      turns,
      [
        [0, 7, false],
        [30, 33, true],
      ],
      'a re-appended copy of the first prompt is not a new turn',
    );
  });

  it('a subagent chat nested under its parent session counts toward the parent’s turns', async () => {
    writeFile(
      path.join(chats, 'g-3', 'sub-1.jsonl'),
      [gemini.meta('sub-1', { kind: 'subagent' }), gemini.user(5, 'su'), gemini.reply(8, 'sm', { tokens: gemini.tokens }), ''].join('\n'),
    );
    const out = await scan();
    assert.deepEqual(
      out.results[0].turns.map((t) => [t.sessionId, t.cwd]),
      [['g-3', '/work/my-app']],
    );
    assert.equal(out.results[0].events[0].sessionId, 'g-3');
  });

  it('the live look reads only the project folders of the workspace', () => {
    writeFile(path.join(root, 'tmp', 'other', '.project_root'), '/work/other');
    const live = liveSources(['/work/my-app'], { claude: [path.join(dir, 'none')], codex: [path.join(dir, 'none')], gemini: [root] });
    assert.deepEqual(live.find((s) => s.format.agent === 'gemini')?.dirs, [path.join(root, 'tmp', 'my-app')]);
  });
});
