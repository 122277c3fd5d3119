import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentTurn } from '../../../src/domain/turns';
import { claudeFormat } from '../../../src/logs/claudeParser';
import { codexFormat, codexSurface } from '../../../src/logs/codexParser';
import { scanLogs, type FileCheckpoint, type ScanOutput } from '../../../src/logs/scanner';
import { tempDir, writeFile } from './helpers';
import { claude, codex, ms } from './turnLines';

/** Round-trips checkpoints through JSON, as the extension's database would. */
function persisted(out: ScanOutput): Map<string, FileCheckpoint> {
  return new Map(JSON.parse(JSON.stringify([...out.checkpoints])) as [string, FileCheckpoint][]);
}

/** Turns of a scan as [start s, end s, prompted, interrupted, open] relative to the fixtures' origin. */
function spans(out: ScanOutput): [number, number, boolean, boolean, boolean][] {
  const rel = (t: number) => (t - ms(0)) / 1000;
  return out.results.flatMap((r) => r.turns).map((t: AgentTurn) => [rel(t.start), rel(t.end), t.prompted, t.interrupted, t.open]);
}

describe('turns from the records', () => {
  let dir: string;
  let cleanup: () => void;
  let projects: string;
  let sessions: string;
  let transcript: string;
  let rollout: string;
  const scanClaude = (prev: ReadonlyMap<string, FileCheckpoint> = new Map()) =>
    scanLogs([{ format: claudeFormat, dirs: [projects] }], prev);
  const scanCodex = (prev: ReadonlyMap<string, FileCheckpoint> = new Map()) => scanLogs([{ format: codexFormat, dirs: [sessions] }], prev);
  const append = (file: string, lines: string[]) => fs.appendFileSync(file, lines.map((l) => `${l}\n`).join(''));

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    projects = path.join(dir, 'claude', 'projects');
    sessions = path.join(dir, 'codex', 'sessions');
    transcript = path.join(projects, '-work-app', 'sess-1.jsonl');
    rollout = path.join(sessions, '2025', '10', '01', 'rollout-cx-1.jsonl');
    writeFile(transcript, '');
    writeFile(rollout, '');
  });
  afterEach(() => cleanup());

  it('Claude: prompt → tool loop → turn_duration is one prompted turn from the prompt to its end', async () => {
    append(transcript, [
      claude.prompt(1),
      claude.assistant(3, 'm1'),
      claude.toolResult(40),
      claude.assistant(45, 'm2'),
      claude.turnDuration(46, 45_000),
    ]);
    const out = await scanClaude();
    assert.deepEqual(spans(out), [[1, 46, true, false, false]]);
    assert.deepEqual(
      [out.results[0].turns[0].sessionId, out.results[0].turns[0].cwd, out.results[0].turns[0].agent],
      ['sess-1', '/work/app', 'claude'],
    );
  });

  it('Claude: tool results are never decoded (either key order, also across read chunks); an open turn runs to its latest response', async () => {
    const typeFirst = claude.toolResult(31).replace('{"tool_use_id":"t1","type":"tool_result"', '{"type":"tool_result","tool_use_id":"t1"');
    append(transcript, [claude.prompt(1), claude.assistant(3, 'm1'), claude.toolResult(30), typeFirst]);
    for (const chunkSize of [7, 64, 1 << 20]) {
      const out = await scanLogs([{ format: claudeFormat, dirs: [projects] }], new Map(), { chunkSize });
      assert.deepEqual(spans(out), [[1, 3, true, false, true]], `chunk ${chunkSize}`);
      assert.deepEqual(
        [out.stats.prefiltered, out.stats.ignored],
        [2, 1],
        `chunk ${chunkSize}: both tool results skipped unread, the prompt parsed`,
      );
    }
  });

  it('Claude: an interrupted turn ends at the interruption and is marked', async () => {
    append(transcript, [
      claude.prompt(0),
      claude.assistant(5, 'm1'),
      claude.toolResult(9),
      claude.interrupt(9),
      claude.turnDuration(9, 9000),
      claude.prompt(20),
      claude.assistant(25, 'm2'),
      claude.turnDuration(25, 5000),
    ]);
    assert.deepEqual(spans(await scanClaude()), [
      [0, 9, true, true, false],
      [20, 25, true, false, false],
    ]);
  });

  it('Claude: without turn_duration (older versions) a turn ends at its last record, closed by the next prompt', async () => {
    append(transcript, [claude.prompt(0), claude.assistant(4, 'm1'), claude.meta(30), claude.prompt(60), claude.assistant(70, 'm2')]);
    assert.deepEqual(spans(await scanClaude()), [
      [0, 4, true, false, false],
      [60, 70, true, false, true],
    ]);
  });

  it('Claude: a subagent transcript inside a turn yields turns of the parent session, so their union is the parent turn', async () => {
    append(transcript, [claude.prompt(0), claude.assistant(2, 'm1'), claude.assistant(50, 'm3'), claude.turnDuration(51, 51_000)]);
    const sub = path.join(projects, '-work-app', 'sess-1', 'subagents', 'agent-a1.jsonl');
    writeFile(
      sub,
      [
        claude.prompt(3, 'Explore the auth module', { isSidechain: true, agentId: 'a1' }),
        claude.assistant(20, 's1', { isSidechain: true, agentId: 'a1' }),
        '',
      ].join('\n'),
    );
    const out = await scanClaude();
    const bySession = out.results.flatMap((r) => r.turns).map((t) => [t.sessionId, t.prompted]);
    assert.deepEqual(
      bySession,
      [
        ['sess-1', true],
        ['sess-1', false],
      ],
      'the subagent prompt is not a human prompt',
    );
    assert.deepEqual(spans(out), [
      [0, 51, true, false, false],
      [3, 20, false, false, true],
    ]);
  });

  it('Claude: compaction continues the turn; meta lines neither start nor end one', async () => {
    append(transcript, [
      claude.prompt(0, '/compact'),
      claude.meta(0),
      claude.compactSummary(30),
      claude.assistant(31, 'm1'),
      claude.turnDuration(32, 32_000),
    ]);
    assert.deepEqual(spans(await scanClaude()), [[0, 32, true, false, false]]);
  });

  it('Claude: records arriving across scans keep the open turn in the checkpoint; a partial last line waits', async () => {
    append(transcript, [claude.prompt(0), claude.assistant(5, 'm1')]);
    const first = await scanClaude();
    assert.deepEqual(spans(first), [[0, 5, true, false, true]]);
    const line = claude.assistant(20, 'm2');
    fs.appendFileSync(transcript, line.slice(0, 40));
    const second = await scanClaude(persisted(first));
    assert.deepEqual(
      spans(second),
      [[0, 5, true, false, true]],
      'the partial line is not read: the open turn still ends at its last complete record',
    );
    fs.appendFileSync(transcript, `${line.slice(40)}\n${claude.turnDuration(21, 21_000)}\n`);
    const third = await scanClaude(persisted(second));
    assert.deepEqual(spans(third), [[0, 21, true, false, false]], 'the turn began in the first scan and ended in the third');
    assert.equal(third.stats.bytesRead, fs.statSync(transcript).size - first.checkpoints.get(transcript)!.offset, 'no byte read twice');
  });

  it('Codex: task_started … task_complete and turn_aborted bound turns; token counts move an open one', async () => {
    append(rollout, [
      codex.meta(0),
      codex.started(1),
      codex.item(2),
      codex.tokens(5, 100),
      codex.complete(9),
      codex.started(20),
      codex.tokens(22, 200),
      codex.aborted(24),
      codex.started(30),
      codex.tokens(33, 300),
    ]);
    const out = await scanCodex();
    assert.deepEqual(spans(out), [
      [1, 9, true, false, false],
      [20, 24, true, true, false],
      [30, 33, true, false, true],
    ]);
    assert.deepEqual([out.results[0].turns[0].sessionId, out.results[0].turns[0].cwd], ['cx-1', '/work/app']);
  });

  it('Codex: a turn spanning two scans survives in the checkpoint', async () => {
    append(rollout, [codex.meta(0), codex.started(1), codex.tokens(4, 100)]);
    const first = await scanCodex();
    append(rollout, [codex.tokens(8, 200), codex.complete(10)]);
    assert.deepEqual(spans(await scanCodex(persisted(first))), [[1, 10, true, false, false]]);
  });

  it("Codex: the rollout's own originator names where it ran, across scans; a replayed parent's session_meta does not rename it", async () => {
    append(rollout, [codex.meta(0), codex.started(1), codex.tokens(4, 100)]);
    const first = await scanCodex();
    append(rollout, [codex.meta(5, 'parent', { originator: 'codex_cli_rs' }), codex.complete(10)]);
    const second = await scanCodex(persisted(first));
    assert.deepEqual(
      second.results[0].turns.map((t) => [t.agent, t.sessionId]),
      [['codex in VS Code', 'cx-1']],
    );
  });

  it('Codex: originator → surface: the IDE extension, desktop and exec are told apart; the CLI is plain codex', () => {
    assert.deepEqual(
      [
        codexSurface('codex_vscode', undefined),
        codexSurface(undefined, 'vscode'),
        codexSurface('Codex Desktop', 'vscode'),
        codexSurface('codex_exec', undefined),
        codexSurface('codex_cli_rs', 'cli'),
        codexSurface(undefined, undefined),
      ],
      ['in VS Code', 'in VS Code', 'desktop', 'exec', undefined, undefined],
    );
  });
});
