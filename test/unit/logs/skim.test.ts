import * as assert from 'node:assert/strict';
import type { AgentTurn } from '../../../src/domain/turns';
import { claudeFormat } from '../../../src/logs/claudeParser';
import { codexFormat } from '../../../src/logs/codexParser';
import { geminiFormat } from '../../../src/logs/geminiParser';
import { asObject, parseJson, parseTimestamp } from '../../../src/logs/json';
import type { LineSkip, LogFormat } from '../../../src/logs/reader';
import { lazyText, lazyValue, skimRecord, type Field, type Fields } from '../../../src/logs/skim';
import type { UsageRecord } from '../../../src/domain/tokens';
import { claudeLine, codexTokenLine, fixtureLines, parseLine } from './helpers';
import { claude, codex } from './turnLines';
import { prng } from '../../support/prng';

/**
 * `value` cut down to `field`'s shape, each leaf passed through `leaf`: on JSON.parse's output this
 * is the reference the skimmer must equal; on the skimmer's, it decodes the lazy fields.
 */
function project(value: unknown, field: Field, leaf: (value: unknown, field: 'value' | 'lazy' | 'time') => unknown): unknown {
  if (field === 'value' || field === 'lazy' || field === 'time') return leaf(value, field);
  if (Array.isArray(field))
    return Array.isArray(value) ? value.map((v) => (asObject(v) === undefined ? v : project(v, field[0], leaf))) : value;
  const o = asObject(value);
  if (o === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(field as Fields)) if (Object.hasOwn(o, key)) out[key] = project(o[key], inner, leaf);
  return out;
}

/** A `time` field gives a string parseTimestamp reads as its epoch ms. */
const pick = (value: unknown, fields: Fields) =>
  project(value, fields, (v, kind) => (kind === 'time' && typeof v === 'string' ? (parseTimestamp(v) ?? v) : v));
const settle = (value: unknown, fields: Fields) => project(value, fields, (v, kind) => (kind === 'lazy' ? lazyValue(v) : v));

/** Skims `line` (a string or bytes), embedded in other bytes, so the skimmer must keep to its range. */
function skim(line: string | Buffer, fields: Fields): unknown {
  const bytes = Buffer.concat([Buffer.from('{"x":"'), Buffer.from(line), Buffer.from('"}\n')]);
  const record = skimRecord(bytes, 6, bytes.length - 3, fields);
  return record === undefined ? undefined : settle(record, fields);
}

function expected(line: string, fields: Fields): unknown {
  const o = asObject(parseJson(line));
  return o === undefined ? undefined : pick(o, fields);
}

const CLAUDE = claudeFormat.fields;

/** Lines that try the skimmer: markers inside strings, escapes, odd shapes, broken JSON. */
const tricky = [
  '{"type":"user","message":{"role":"user","content":"what is \\"usage\\"? {\\"usage\\":{\\"input_tokens\\":5}}"}}',
  '{"toolUseResult":{"timestamp":"2020-01-01T00:00:00Z","usage":{"input_tokens":9}},"timestamp":"2025-10-01T12:00:00Z","type":"user"}',
  '{"type":"assistant","type":"user","cwd":"a","cwd":"b"}',
  '{"\\u0074ype":"assistant","sessionId":"s\\u00e9\\n\\"q\\"","cwd":"C:\\\\work\\\\"}',
  ' { "type" : "assistant" ,\t"message" : { "id" : "m" , "usage" : { "input_tokens" : 12 } } } \r',
  '{"message":"just a string","uuid":"u"}',
  '{"message":["an","array"],"uuid":"u"}',
  '{"message":null,"isMeta":true,"isSidechain":false}',
  '{"message":{"usage":{"input_tokens":0,"output_tokens":-1,"cache_read_input_tokens":1.5e3,"cache_creation_input_tokens":12345678901234567890}}}',
  '{"cwd":"/wörk/äpp😀€","sessionId":"é","message":{"model":"模型","content":[{"type":"text","text":"构建 \\ud83d\\ude00"}]}}',
  '{"message":{"content":[{"type":"tool_result","content":"a\\\\"},{"type":"text","text":"b\\\\\\"c"}]}}',
  '{"a":[[{"b":"]}"}],{}],"uuid":"u","n":[true,false,null]}',
  '{}',
  '{"type":"assistant","timestamp":1759320000000,"message":{"id":"mN","usage":{"input_tokens":3}}}',
  '[]',
  '"a string"',
  '42',
  '',
  '{"type":"assistant"} trailing',
  '{"type":"assistant"}}',
  '{"x":[1,2},"type":"assistant"}',
  '{"type":"assistant",}',
  '{"type":01}',
  '{"type":"unterminated}',
  '{"message":{"usage":{"input_tokens":1}}',
  `{"deep":${'[{"a":'.repeat(300)}1${'}]'.repeat(300)},"type":"assistant"}`,
  `{"deep":${'[{"a":'.repeat(300)}1${'}]'.repeat(299)}},"type":"assistant"}`,
];

const claudeLines = [
  ...fixtureLines('claude-session.jsonl'),
  claudeLine('m1', 'r1', 5, { cwd: '/wörk/äpp😀€' }),
  claude.prompt(1),
  claude.prompt(2, '[Request interrupted by user]'),
  claude.assistant(3, 'm2'),
  claude.toolResult(4),
  claude.interrupt(5),
  claude.turnDuration(6, 6000),
  claude.meta(7),
  claude.compactSummary(8),
];
const codexLines = [
  ...fixtureLines('codex-rollout.jsonl'),
  codex.meta(0),
  codex.started(1),
  codexTokenLine('2025-10-02T10:05:00Z', 2500, 1200, 700),
  codex.tokens(3, 100),
  codex.item(4),
  codex.complete(5),
  codex.aborted(6),
];
const geminiLines = [
  JSON.stringify({ sessionId: 'g-1', projectHash: 'abc', startTime: '2025-10-01T12:00:00Z', kind: 'main' }),
  JSON.stringify({ id: 'u1', timestamp: '2025-10-01T12:00:01Z', type: 'user', content: [{ text: 'add a CSV export' }] }),
  JSON.stringify({
    id: 'm1',
    timestamp: '2025-10-01T12:00:04Z',
    type: 'gemini',
    content: 'ok "usage"',
    model: 'gemini-2.5-pro',
    tokens: { input: 12_000, output: 300, cached: 10_000, thoughts: 200, tool: 50, total: 12_550 },
    toolCalls: [{ id: 'c1', name: 'read_file', args: { timestamp: 'not this' }, timestamp: '2025-10-01T12:00:09Z' }, 'odd'],
  }),
  JSON.stringify({ $set: { lastUpdated: '2025-10-01T12:00:05Z' } }),
  JSON.stringify({ $rewindTo: 'm1' }),
];

/** Runs lines through one format both ways (JSON.parse, skim) and returns both runs' outcomes, turns and final states. */
function bothWays<S>(format: LogFormat<S>, lines: string[]) {
  const run = (parse: (line: string, state: S, ended: (t: AgentTurn) => void) => UsageRecord | LineSkip) => {
    const state = format.initialState('/nowhere/chats/s.jsonl');
    const turns: AgentTurn[] = [];
    const outcomes = lines.map((line) => parse(line, state, (t) => void turns.push(t)));
    return { outcomes, turns, state, open: format.openTurn(state) };
  };
  const skimmed = (line: string, state: S, ended: (t: AgentTurn) => void) => {
    const bytes = Buffer.from(line);
    return format.parseRecord(skimRecord(bytes, 0, bytes.length, format.fields), state, ended);
  };
  return { full: run((line, state, ended) => parseLine(format, line, state, ended)), fast: run(skimmed) };
}

describe('skimRecord (the fields a parser reads, straight from the bytes)', () => {
  it('equals JSON.parse then picking the fields, on every fixture line and on lines made to trip it', () => {
    for (const line of [...claudeLines, ...tricky]) assert.deepEqual(skim(line, CLAUDE), expected(line, CLAUDE), line);
    for (const line of codexLines) assert.deepEqual(skim(line, codexFormat.fields), expected(line, codexFormat.fields), line);
    for (const line of geminiLines) assert.deepEqual(skim(line, geminiFormat.fields), expected(line, geminiFormat.fields), line);
  });

  it('rejects every line cut short, wherever it is cut', () => {
    for (const line of [claude.assistant(3, 'm2'), claude.toolResult(4), tricky[3], tricky[9]]) {
      const bytes = Buffer.from(line);
      for (let cut = 0; cut < bytes.length; cut++) assert.equal(skim(bytes.subarray(0, cut), CLAUDE), undefined, `cut at ${cut}`);
    }
  });

  it('finds the fields after a 2 MB tool result full of escaped quotes, backslashes and field names', () => {
    const content = 'say "usage": \\ {"timestamp":"1999"} '.repeat(1000) + 'x'.repeat(2_000_000);
    const line = JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 't', type: 'tool_result', content }] },
      uuid: 'after',
      timestamp: '2025-10-01T12:00:00Z',
    });
    assert.ok(asObject(parseJson(line)) !== undefined, 'the test line is valid JSON');
    assert.deepEqual(skim(line, CLAUDE), expected(line, CLAUDE));
  });

  it('gives each format exactly what its JSON.parse path gives: usage, turns and state, line by line', () => {
    for (const [name, { full, fast }] of [
      ['claude', bothWays(claudeFormat, [...claudeLines, ...tricky])],
      ['codex', bothWays(codexFormat, [...codexLines, ...tricky])],
      ['codex in VS Code', bothWays(codexFormat, [codex.meta(0, 'cx-2', { source: 'vscode' }), ...codexLines])],
      ['gemini', bothWays(geminiFormat, [...geminiLines, ...tricky])],
    ] as const) {
      assert.deepEqual(fast, full, name);
      assert.ok(
        full.outcomes.some((o) => typeof o === 'object'),
        `${name}: some lines carry usage`,
      );
    }
  });

  it('equals JSON.parse on 3,000 random lines whose values repeat, nearly repeat and change from line to line, under keys wanted, escaped, cut short and run on', () => {
    const rnd = prng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    // Strings of equal length that differ anywhere, ASCII and not, escaped or not, past 64 bytes or not.
    const strings = [
      'abc',
      'abd',
      'xbc',
      '',
      'é',
      'e\\u0301',
      'a\\"b',
      'a\\\\b',
      'x'.repeat(64),
      'x'.repeat(63) + 'y',
      'x'.repeat(65),
      '构建',
      'ab\\n',
      '2025-10-01T12:00:00Z',
      '2025-10-01T12:00:00.123Z',
      '2025-02-30T00:00:00Z',
      '2025-10-01T12:00:0xZ',
      '2025-10-01T12:00:00.1234Z',
    ];
    const names = [
      'timestamp',
      'type',
      'cwd',
      'sessionId',
      'message',
      'usage',
      'input_tokens',
      'content',
      'isMeta',
      'other',
      'ty\\u0070e',
      'types',
      'typ',
      'cwd2',
      'isMetadata',
      'tipe',
      'cxd',
    ];
    const value = (depth: number): string => {
      const r = rnd();
      if (r < 0.45 || depth > 3) return `"${pick(strings)}"`;
      if (r < 0.6) return pick(['true', 'false', 'null', '0', '12', '1.5', '-3', '1e3']);
      if (r < 0.8) return `{${Array.from({ length: Math.floor(rnd() * 5) }, () => `"${pick(names)}":${value(depth + 1)}`).join(',')}}`;
      return `[${Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1)).join(',')}]`;
    };
    for (let i = 0; i < 3000; i++) {
      const line = `{${Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => `"${pick(names)}":${value(0)}`).join(',')}}`;
      assert.deepEqual(skim(line, CLAUDE), expected(line, CLAUDE), line);
    }
  });

  it('lazyText gives a string cut to at least its first n characters, never inside a character, or the value whole', () => {
    const rnd = prng(5);
    const pieces = ['a', ' ', 'é', '构', '😀', '\\n', '\\"', 'x'.repeat(40)];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 120) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
      const line = `{"content":"${text}"}`;
      const whole = (asObject(parseJson(line)) ?? {}).content as string;
      const bytes = Buffer.from(line);
      const lazy = skimRecord(bytes, 0, bytes.length, { content: 'lazy' })?.content;
      const n = Math.floor(rnd() * 40);
      const start = lazyText(lazy, n);
      assert.equal(typeof start, 'string', line);
      assert.ok(whole.startsWith(start as string) && (start as string).length >= Math.min(n, whole.length), line);
      assert.ok(!(start as string).includes('\uFFFD'), line);
    }
    const array = Buffer.from('{"content":[{"type":"text","text":"hi"}]}');
    assert.deepEqual(lazyText(skimRecord(array, 0, array.length, { content: 'lazy' })?.content, 1), [{ type: 'text', text: 'hi' }]);
    assert.equal(lazyText('already decoded', 3), 'already decoded');
  });

  it('a long prompt that starts blank is still a prompt, and one that starts with the interruption ends the turn', () => {
    for (const [content, expectStart] of [
      [' '.repeat(400) + 'fix the bug', true],
      ['\n'.repeat(300) + 'x', true],
      [' '.repeat(400), false],
    ] as const) {
      const line = JSON.stringify({ type: 'user', timestamp: '2025-10-01T12:00:00Z', message: { role: 'user', content } });
      const { full, fast } = bothWays(claudeFormat, [claude.assistant(0, 'm0'), line]);
      assert.deepEqual(fast, full);
      assert.equal(fast.open?.prompted ?? false, expectStart, JSON.stringify(content).slice(0, 20));
    }
    const interrupted = JSON.stringify({
      type: 'user',
      timestamp: '2025-10-01T12:00:09Z',
      message: { role: 'user', content: `[Request interrupted by user for tool use]${'z'.repeat(500)}` },
    });
    const { full, fast } = bothWays(claudeFormat, [claude.prompt(0), interrupted]);
    assert.deepEqual(fast, full);
    assert.equal(fast.turns.length, 1);
    assert.equal(fast.turns[0].interrupted, true);
  });
});
