import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentTurn } from '../../../src/domain/turns';
import type { UsageRecord } from '../../../src/domain/tokens';
import { asObject, parseJson } from '../../../src/logs/json';
import { LineFilter, prefilterOf } from '../../../src/logs/lineReader';
import type { LineSkip, LogFormat } from '../../../src/logs/reader';

/**
 * A line read the reference way: decoded whole with JSON.parse, then read by the format's own
 * record reader (the scanner skims the bytes instead; both must read the same record).
 */
export function parseLine<S>(
  format: LogFormat<S>,
  line: string,
  state: S = format.initialState('/nowhere/chats/s.jsonl'),
  turnEnded: (turn: AgentTurn) => void = () => undefined,
): UsageRecord | LineSkip {
  return format.parseRecord(asObject(parseJson(line)), state, turnEnded);
}

/** Folder of the committed log fixtures (tests run from out/, fixtures stay in the source tree). */
export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/logs');

/** Reads a fixture as lines, without the empty string after the final newline. */
export function fixtureLines(name: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-logs-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a file, creating its folders. */
export function writeFile(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

/** A Claude Code assistant line with the given ids and usage. */
export function claudeLine(messageId: string, requestId: string | undefined, output: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'assistant',
    sessionId: 'sess-1',
    cwd: '/work/app',
    timestamp: '2025-10-01T12:00:00.000Z',
    ...(requestId === undefined ? {} : { requestId }),
    message: {
      id: messageId,
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'hi' }],
      usage: { input_tokens: 3, output_tokens: output, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000 },
    },
    ...extra,
  });
}

/** A Codex token_count line with the given running total (last_token_usage mirrors it unless given). */
export function codexTokenLine(
  timestamp: string,
  input: number,
  cached: number,
  output: number,
  last?: { input: number; cached: number; output: number },
): string {
  const usage = (i: number, c: number, o: number) => ({
    input_tokens: i,
    cached_input_tokens: c,
    output_tokens: o,
    reasoning_output_tokens: 0,
    total_tokens: i + o,
  });
  const l = last ?? { input, cached, output };
  return JSON.stringify({
    timestamp,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: { total_token_usage: usage(input, cached, output), last_token_usage: usage(l.input, l.cached, l.output) },
    },
  });
}

/** The scanner's pre-filter on one line, alone in its buffer. */
export function admitted(format: LogFormat<unknown>, line: string): boolean {
  const bytes = Buffer.from(line);
  return new LineFilter(prefilterOf(format)).admits(bytes, 0, bytes.length);
}
