import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TokenBuckets } from '../../../src/domain/tokens';
import { prng } from '../../support/prng';

/** What kind of Claude Code corpus to write. */
export interface CorpusSpec {
  /** Written as `<root>/projects/<project>/<session>.jsonl` (plus nested subagent files). */
  readonly root: string;
  readonly targetBytes: number;
  readonly files: number;
  /** Share of responses logged with a requestId (1 = all, like current Claude Code). */
  readonly requestIdShare: number;
  /** Whether streamed copies show output_tokens growing (1, 1, …, final) instead of identical usage. */
  readonly growingOutput: boolean;
  readonly seed: number;
}

/** What was written, with the true totals (each response counted once, at its final usage). */
export interface CorpusInfo {
  readonly files: number;
  readonly bytes: number;
  readonly lines: number;
  readonly responses: number;
  readonly truth: TokenBuckets;
}

const WORDS =
  'the function returns a promise that resolves when config file is parsed we update test case fix bug in handler refactor module export const let await async import from interface type error handling retry timeout cache layer données café naïve 构建 测试 request response stream buffer token count diff patch commit branch merge rebase lint format build'.split(
    ' ',
  );

/** Writes a realistic Claude Code corpus: prompts, streamed assistant copies, tool results, big file snapshots, sidechains, subagents. */
export function writeClaudeCorpus(spec: CorpusSpec): CorpusInfo {
  const rnd = prng(spec.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  // One long filler text; content fields are slices of it (JSON-safe: no quotes, backslashes or astral chars).
  let filler = '';
  while (filler.length < 1 << 21) filler += WORDS[int(0, WORDS.length - 1)] + (rnd() < 0.08 ? '. ' : ' ');
  const text = (len: number) => {
    const start = int(0, filler.length - len - 1);
    return filler.slice(start, start + len);
  };
  const id = (prefix: string, n: number) => `${prefix}${n.toString(36).padStart(12, '0')}${int(0, 2 ** 30).toString(36)}`;
  const truth: { -readonly [K in keyof TokenBuckets]: number } = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 };
  let counter = 0,
    bytes = 0,
    lines = 0,
    responses = 0,
    files = 0;
  const projects = Math.max(1, Math.round(spec.files / 50));
  const start = Date.UTC(2025, 8, 1);

  const writeSession = (file: string, sessionId: string, cwd: string, targetBytes: number, sidechain: boolean): void => {
    const out: string[] = [];
    let size = 0;
    let t = start + int(0, 60 * 86_400_000);
    let parent = 'null';
    const push = (line: string) => {
      out.push(line);
      size += Buffer.byteLength(line) + 1;
    };
    const head = (uuid: string) =>
      `{"parentUuid":${parent},"isSidechain":${sidechain},"userType":"external","cwd":"${cwd}","sessionId":"${sessionId}","version":"2.0.14","gitBranch":"main","uuid":"${uuid}","timestamp":"${new Date(t).toISOString()}"`;
    let lastFinal = '';
    while (size < targetBytes) {
      t += int(2_000, 120_000);
      const u = id('u', ++counter);
      push(`${head(u)},"type":"user","message":{"role":"user","content":"${text(int(80, 1500))}"}}`);
      parent = `"${u}"`;
      const msg = id('msg_01', counter),
        req = id('req_011C', counter);
      const withReq = rnd() < spec.requestIdShare;
      const usage = { input: int(1, 60), cc: rnd() < 0.5 ? int(0, 25_000) : 0, cr: int(5_000, 160_000), out: int(20, 3_000) };
      truth.input += usage.input;
      truth.output += usage.out;
      truth.cacheCreation += usage.cc;
      truth.cacheRead += usage.cr;
      responses++;
      const copies = int(2, 4);
      for (let c = 0; c < copies; c++) {
        t += int(200, 4_000);
        const a = id('a', ++counter);
        const outTokens = spec.growingOutput && c < copies - 1 ? 1 : usage.out;
        const kind = c === 0 ? 'thinking' : rnd() < 0.5 ? 'text' : 'tool_use';
        const body =
          kind === 'tool_use'
            ? `{"type":"tool_use","id":"toolu_${a}","name":"Edit","input":{"file_path":"${cwd}/src/x.ts","old_string":"${text(int(50, 3000))}","new_string":"${text(int(50, 3000))}"}}`
            : `{"type":"${kind}","${kind}":"${text(int(100, 4000))}"}`;
        const line = `${head(a)}${withReq ? `,"requestId":"${req}"` : ''},"type":"assistant","message":{"id":"${msg}","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[${body}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":${usage.input},"cache_creation_input_tokens":${usage.cc},"cache_read_input_tokens":${usage.cr},"cache_creation":{"ephemeral_5m_input_tokens":${usage.cc},"ephemeral_1h_input_tokens":0},"output_tokens":${outTokens},"service_tier":"standard"}}}`;
        push(line);
        parent = `"${a}"`;
        lastFinal = line;
      }
      if (rnd() < 0.45) {
        const r = id('u', ++counter);
        const big = rnd() < 0.05 ? int(60_000, 150_000) : int(200, 30_000);
        push(
          `${head(r)},"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_x","type":"tool_result","content":"${text(big)}"}]},"toolUseResult":{"stdout":"${text(int(50, 500))}","stderr":"","interrupted":false}}`,
        );
        parent = `"${r}"`;
      }
      // A sidechain replay repeats a response already logged (same ids): it must not count twice.
      if (rnd() < 0.03) push(lastFinal.replace('"isSidechain":false', '"isSidechain":true'));
      if (rnd() < 0.02)
        push(
          `{"type":"file-history-snapshot","messageId":"${u}","snapshot":{"messageId":"${u}","trackedFileBackups":{"src/app.ts":{"backupFileName":"${text(int(200_000, 600_000))}","version":3}},"timestamp":"${new Date(t).toISOString()}"},"isSnapshotUpdate":false}`,
        );
    }
    if (rnd() < 0.1) push(`{"type":"summary","summary":"${text(60)}","leafUuid":${parent}}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const data = out.join('\n') + '\n';
    fs.writeFileSync(file, data);
    bytes += size;
    lines += out.length;
    files++;
  };

  const meanBytes = spec.targetBytes / spec.files;
  for (let f = 0; f < spec.files; f++) {
    const project = `-home-dev-project-${f % projects}`;
    const cwd = `/home/dev/project-${f % projects}`;
    const sessionId = id('', f);
    // Exponential sizes: many small sessions, a few big ones, as in real use.
    const target = Math.max(4_000, -Math.log(1 - rnd()) * meanBytes);
    const dir = path.join(spec.root, 'projects', project);
    if (rnd() < 0.1) writeSession(path.join(dir, sessionId, 'subagents', `agent-${id('', f)}.jsonl`), sessionId, cwd, target, true);
    else writeSession(path.join(dir, `${sessionId}.jsonl`), sessionId, cwd, target, false);
  }
  return { files, bytes, lines, responses, truth };
}
