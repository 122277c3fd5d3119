import * as assert from 'node:assert/strict';
import { claudeFormat } from '../../../src/logs/claudeParser';
import type { UsageRecord } from '../../../src/domain/tokens';
import { mergeUsage } from '../../../src/logs/usage';
import { admitted as admittedBy, claudeLine, fixtureLines, parseLine } from './helpers';

/** The scanner's pre-filter on one line. */
const admitted = (line: string): boolean => admittedBy(claudeFormat, line);

/** Runs lines through the pre-filter and parser the way the scanner does. */
function parseAll(lines: string[]): { events: UsageRecord[]; malformed: number; ignored: number; prefiltered: number } {
  const out = { events: [] as UsageRecord[], malformed: 0, ignored: 0, prefiltered: 0 };
  for (const line of lines) {
    if (!admitted(line)) out.prefiltered++;
    else {
      const r = parseLine(claudeFormat, line);
      if (r === 'malformed') out.malformed++;
      else if (r === 'ignored') out.ignored++;
      else out.events.push(r);
    }
  }
  return out;
}

describe('claudeParser', () => {
  it('reads a transcript: streamed copies and a sidechain replay count once, with the largest copy kept', () => {
    const { events, malformed, ignored, prefiltered } = parseAll(fixtureLines('claude-session.jsonl'));
    assert.equal(prefiltered, 3, 'summary, tool result and file-history-snapshot are never parsed');
    assert.equal(malformed, 1);
    assert.equal(ignored, 2, 'the user prompt (it starts a turn) and the zero-usage API error placeholder');
    assert.equal(events.length, 6, 'every usage line parses; dedup is mergeUsage’s job');
    const merged = mergeUsage(events).sort((a, b) => a.key.localeCompare(b.key));
    assert.deepEqual(
      merged.map((e) => ({
        key: e.key,
        input: e.input,
        output: e.output,
        cacheCreation: e.cacheCreation,
        cacheRead: e.cacheRead,
        model: e.model,
      })),
      [
        { key: 'claude:msg_A:req_A', input: 10, output: 250, cacheCreation: 2000, cacheRead: 15000, model: 'claude-sonnet-4-5-20250929' },
        { key: 'claude:msg_B', input: 5, output: 40, cacheCreation: 0, cacheRead: 17000, model: 'claude-opus-4-1-20250805' },
      ],
    );
  });

  it('keeps timestamp, session and cwd of the line', () => {
    const e = parseLine(claudeFormat, claudeLine('msg_1', 'req_1', 9));
    assert.ok(typeof e === 'object');
    assert.deepEqual([e.timestamp, e.sessionId, e.cwd, e.agent], [Date.UTC(2025, 9, 1, 12), 'sess-1', '/work/app', 'claude']);
  });

  it('keys on message.id alone when requestId is missing, so such copies still dedup', () => {
    const a = parseLine(claudeFormat, claudeLine('msg_1', undefined, 1));
    const b = parseLine(claudeFormat, claudeLine('msg_1', undefined, 80));
    assert.ok(typeof a === 'object' && typeof b === 'object');
    assert.equal(a.key, 'claude:msg_1');
    assert.deepEqual(
      mergeUsage([a, b]).map((e) => e.output),
      [80],
    );
  });

  it('falls back to the line uuid without message.id, and rejects a line without any id', () => {
    const noId = (extra: Record<string, unknown>) =>
      JSON.stringify({ timestamp: '2025-10-01T12:00:00Z', message: { usage: { input_tokens: 1, output_tokens: 2 } }, ...extra });
    const e = parseLine(claudeFormat, noId({ uuid: 'u-9' }));
    assert.ok(typeof e === 'object');
    assert.equal(e.key, 'claude:uuid:u-9');
    assert.equal(parseLine(claudeFormat, noId({})), 'malformed');
  });

  it('treats missing token fields as 0 and rejects bad timestamps', () => {
    const e = parseLine(
      claudeFormat,
      JSON.stringify({ timestamp: '2025-10-01T12:00:00Z', requestId: 'r', message: { id: 'm', usage: { output_tokens: 7 } } }),
    );
    assert.ok(typeof e === 'object');
    assert.deepEqual([e.input, e.output, e.cacheCreation, e.cacheRead], [0, 7, 0, 0]);
    assert.equal(parseLine(claudeFormat, claudeLine('m', 'r', 5, { timestamp: 'yesterday' })), 'malformed');
  });

  it('ignores lines of other types and never throws on garbage', () => {
    assert.equal(parseLine(claudeFormat, '{"type":"user","message":{"role":"user","content":"what is \\"usage\\"?"}}'), 'ignored');
    assert.equal(parseLine(claudeFormat, '{"type":"summary","usage":"none"}'), 'ignored');
    for (const junk of ['', 'null', '[1,2]', '"usage"', '{"message":{"usage":[1]}}', '\uFFFD\uFFFD{']) {
      assert.ok(['ignored', 'malformed'].includes(parseLine(claudeFormat, junk) as string), junk);
    }
  });

  it('pre-filter: a tool result is skipped even when its output holds a usage object, a prompt and a response are read', () => {
    const taskResult = JSON.stringify({
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 't1', type: 'tool_result', content: 'done' }] },
      toolUseResult: { usage: { input_tokens: 5 } },
    });
    assert.equal(admitted(taskResult), false);
    assert.equal(admitted(taskResult.replace('[{"tool_use_id":"t1",', '[{')), false, 'type first');
    assert.equal(admitted('{"type":"user","message":{"role":"user","content":"fix it"},"note":"usage"}'), true);
    assert.equal(admitted(claudeLine('m1', 'r1', 5)), true);
    assert.equal(admitted('{"type":"file-history-snapshot","snapshot":{}}'), false);
  });
});
