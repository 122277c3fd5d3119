import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AgentTurn } from '../../../src/domain/turns';
import { claudeFormat, type ClaudeState } from '../../../src/logs/claudeParser';
import { LineFilter, prefilterOf } from '../../../src/logs/lineReader';
import { scanLogs, type FileCheckpoint, type ScanOutput } from '../../../src/logs/scanner';
import { ScanThread } from '../../../src/logs/scanThread';
import type { UsageRecord } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';
import { admitted as admittedBy, claudeLine, fixtureLines, parseLine, tempDir, writeFile } from './helpers';
import { prng } from '../../support/prng';
import { claude } from './turnLines';

/** The scanner's pre-filter on one line. */
const admitted = (line: string): boolean => admittedBy(claudeFormat, line);

/**
 * The pre-filter's rule written out on one line alone, apart from LineFilter: the first of the
 * format's needles found in it (each within its length cap, from the end where so marked) decides,
 * and a voiding string right after that hit skips the line.
 */
function ruleAdmits(line: string): boolean {
  const bytes = Buffer.from(line);
  for (const needle of claudeFormat.mustContainAny) {
    if (bytes.length > (claudeFormat.shortLines?.[needle] ?? Infinity)) continue;
    const at = claudeFormat.nearLineEnd?.includes(needle) === true ? bytes.lastIndexOf(needle) : bytes.indexOf(needle);
    if (at === -1) continue;
    const after = bytes.subarray(at + Buffer.byteLength(needle)).toString('latin1');
    return !(claudeFormat.voidedBy?.[needle] ?? []).some((v) => after.startsWith(v));
  }
  return false;
}

/** The full-parse path: every complete line decoded whole and JSON.parse-d. */
function fullParse(text: string): { events: UsageRecord[]; turns: AgentTurn[] } {
  const state: ClaudeState = {};
  const turns: AgentTurn[] = [];
  const events: UsageRecord[] = [];
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  for (const line of complete.split('\n').filter(admitted)) {
    const r = parseLine(claudeFormat, line, state, (t) => void turns.push(t));
    if (typeof r === 'object') events.push(r);
  }
  if (state.turn !== undefined) turns.push(claudeFormat.openTurn(state)!);
  return { events: mergeUsage(events), turns };
}

/** A transcript that tries the byte reader: markers in strings, a huge tool result, a huge response, multi-byte text, a turn end after a big line. */
function transcript(): string {
  const huge = JSON.stringify({
    ...JSON.parse(claude.toolResult(3)),
    message: { role: 'user', content: [{ tool_use_id: 't', type: 'tool_result', content: 'ü"usage"é\\'.repeat(30_000) }] },
  });
  const write = JSON.parse(claude.assistant(7, 'mWrite')) as { message: Record<string, unknown> };
  write.message.content = [
    { type: 'tool_use', id: 't2', name: 'Write', input: { file_path: '/x', content: '{"usage": 1} ü\\'.repeat(30_000) } },
  ];
  return [
    ...fixtureLines('claude-session.jsonl'),
    claude.prompt(1, 'explain "usage" and "turn_duration" to me — 构建 😀'),
    claude.assistant(2, 'mA', { cwd: '/wörk/äpp😀€' }),
    huge,
    claude.assistant(4, 'mB'),
    claude.turnDuration(5, 4000),
    claude.prompt(6, 'again'),
    claudeLine('mC', 'rC', 11),
    JSON.stringify(write),
    '{"type":"assistant","message":{"id":"mD","usage":{"input_tokens":4,"output_tokens":1}},"timestamp":"2025-10-01T12:00:09Z"', // cut short
    claude.assistant(9, 'mE'),
  ].join('\n');
}

describe('LineFilter', () => {
  it("admits on one buffer, lines taken in any order, what the pre-filter's rule admits line by line (2,000 lines of needles, voided hits and misses)", () => {
    const rnd = prng(5);
    const pieces = [
      '{"role":"user","content":',
      '[{"tool_use_id"',
      '"usage"',
      '"turn_duration"',
      'x'.repeat(40),
      '"role"',
      'ü',
      '{"role":"user"',
    ];
    const lines = Array.from({ length: 2_000 }, () =>
      Array.from({ length: Math.floor(rnd() * 6) }, () => pieces[Math.floor(rnd() * pieces.length)]).join(''),
    );
    // A long line now and then, past the turn_duration needle's cap.
    for (let i = 0; i < lines.length; i += 97) lines[i] += '"turn_duration"'.padStart(20_000, 'y');
    const buffer = Buffer.from(lines.join('\n') + '\n');
    const bounds: [number, number][] = [];
    for (let start = 0, i = 0; i < lines.length; i++) {
      const end = buffer.indexOf(0x0a, start);
      bounds.push([start, end]);
      start = end + 1;
    }
    const expected = lines.map(ruleAdmits);
    assert.deepEqual(lines.map(admitted), expected, 'a line alone in its buffer');
    assert.ok(expected.some((a) => a) && expected.some((a) => !a), 'the lines are both admitted and not');
    const inOrder = new LineFilter(prefilterOf(claudeFormat));
    assert.deepEqual(
      bounds.map(([s, e]) => inOrder.admits(buffer, s, e)),
      expected,
    );
    const shuffled = new LineFilter(prefilterOf(claudeFormat));
    const order = bounds.map((_, i) => i).sort(() => rnd() - 0.5);
    for (const i of order) assert.equal(shuffled.admits(buffer, ...bounds[i]), expected[i], `line ${i}: ${lines[i].slice(0, 80)}`);
  });
});

describe('the byte reader and skimmer against the full-parse path', () => {
  let dir: string;
  let cleanup: () => void;
  let projects: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    projects = path.join(dir, 'projects');
  });
  afterEach(() => cleanup());

  for (const [label, newline] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`gives the same usage and turns on a transcript with ${label} line ends, whatever the chunk size, a partial last line left for later`, async () => {
      const text = transcript().replaceAll('\n', newline) + newline + claude.assistant(20, 'mPartial').slice(0, 80);
      writeFile(path.join(projects, 'p', 's.jsonl'), text);
      const reference = fullParse(text.replaceAll('\r\n', '\n'));
      assert.ok(
        reference.events.some((e) => e.key.includes('mWrite')) && reference.turns.some((t) => !t.open),
        'the reference sees usage and a closed turn',
      );
      for (const chunkSize of [61, 4096, 1 << 20]) {
        const out = await scanLogs([{ format: claudeFormat, dirs: [projects] }], new Map(), { chunkSize, blockingIo: chunkSize === 4096 });
        assert.deepEqual(out.results[0].events, reference.events, `chunk ${chunkSize}`);
        assert.deepEqual(out.results[0].turns, reference.turns, `chunk ${chunkSize}`);
        const cp = [...out.checkpoints.values()][0];
        assert.equal(cp.offset, Buffer.byteLength(text) - 80, 'the partial last line is left for the next scan');
      }
    });
  }

  it('does not look for the turn end marker in a line longer than its cap', async () => {
    const long = claude.turnDuration(5, 4000).replace('"durationMs"', `"pad":"${'x'.repeat(20_000)}","durationMs"`);
    writeFile(path.join(projects, 'p', 's.jsonl'), [claude.prompt(1), claude.assistant(2, 'm'), long, ''].join('\n'));
    const out = await scanLogs([{ format: claudeFormat, dirs: [projects] }], new Map());
    assert.deepEqual(
      out.results[0].turns.map((t) => t.open),
      [true],
      'the turn stays open: a 20 KB line is no turn_duration record',
    );
  });
});

describe('a first scan split between threads', () => {
  let dir: string;
  let cleanup: () => void;
  let projects: string;
  const files = (n: number) => Array.from({ length: n }, (_, i) => path.join(projects, `p${i % 3}`, `s${i}.jsonl`));
  const sources = () => [{ format: claudeFormat, dirs: [projects] }];
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    projects = path.join(dir, 'projects');
    files(24).forEach((file, i) =>
      writeFile(
        file,
        [claude.prompt(i), ...Array.from({ length: 1 + (i % 5) }, (_, k) => claudeLine(`m${i}-${k}`, `r${i}`, i + 1)), ''].join('\n'),
      ),
    );
  });
  afterEach(() => cleanup());

  /** Output without timings, in path order. */
  const comparable = (out: ScanOutput) => {
    const { durationMs: _ignored, ...stats } = out.stats;
    return {
      checkpoints: [...out.checkpoints].sort(([a], [b]) => a.localeCompare(b)),
      results: out.results,
      vanished: [...out.vanished].sort(),
      stats,
    };
  };

  it('two scans taking files by one counter read every file once between them, and together give what one scan gives', async () => {
    let next = 0;
    const taken: number[] = [];
    const claim = () => {
      taken.push(next);
      return next++;
    };
    const [a, b] = await Promise.all([scanLogs(sources(), new Map(), { claim }), scanLogs(sources(), new Map(), { claim })]);
    assert.ok(a.checkpoints.size > 0 && b.checkpoints.size > 0, 'both scans took files');
    assert.deepEqual(
      [...a.checkpoints.keys()].filter((file) => b.checkpoints.has(file)),
      [],
      'no file read twice',
    );
    assert.equal(a.checkpoints.size + b.checkpoints.size, 24);
    const one = await scanLogs(sources(), new Map());
    const stats = { ...a.stats };
    for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] += b.stats[key];
    const together: ScanOutput = {
      checkpoints: new Map([...a.checkpoints, ...b.checkpoints]),
      results: [...a.results, ...b.results].sort((x, y) => x.path.localeCompare(y.path)),
      vanished: [],
      stats,
    };
    assert.deepEqual(comparable(together), comparable(one));
    assert.ok(new Set(taken).size === taken.length, 'each index handed out once');
  });

  it('refuses to split a scan that continues from checkpoints', async () => {
    const first = await scanLogs(sources(), new Map());
    await assert.rejects(scanLogs(sources(), first.checkpoints, { claim: () => 0 }), /first scan/);
  });

  it('two threads give what one scan gives, first scan and rescan', async () => {
    const thread = new ScanThread(undefined, 2);
    try {
      const one = await scanLogs(sources(), new Map());
      const two = await thread.scan(sources(), new Map(), {});
      assert.ok(thread.inWorker);
      assert.deepEqual(comparable(two), comparable(one));
      fs.appendFileSync(files(24)[2], claudeLine('late', 'r', 3) + '\n');
      const next = (prev: Map<string, FileCheckpoint>) => scanLogs(sources(), prev);
      assert.deepEqual(comparable(await thread.scan(sources(), two.checkpoints, {})), comparable(await next(one.checkpoints)));
    } finally {
      thread.dispose();
    }
  });

  it('streams every file result to onResult and leaves it out of the output', async () => {
    const streamed: string[] = [];
    const out = await scanLogs(sources(), new Map(), { onResult: (r) => void streamed.push(r.path) });
    assert.equal(out.results.length, 0);
    assert.deepEqual(streamed.sort(), [...files(24)].sort());
  });
});
