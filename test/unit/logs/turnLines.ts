/** Builders of transcript lines that bound turns, shaped like real Claude Code and Codex records. */

const T0 = Date.UTC(2025, 9, 1, 12);

/** ISO instant `s` seconds after the fixtures' origin. */
export function at(s: number): string {
  return new Date(T0 + s * 1000).toISOString();
}

/** Epoch ms `s` seconds after the fixtures' origin. */
export function ms(s: number): number {
  return T0 + s * 1000;
}

const base = (s: number, extra: Record<string, unknown>) => ({
  parentUuid: null,
  isSidechain: false,
  userType: 'external',
  cwd: '/work/app',
  sessionId: 'sess-1',
  version: '2.1.20',
  ...extra,
  timestamp: at(s),
});

/** Claude lines, each a JSON string. */
export const claude = {
  prompt: (s: number, text = 'fix the login form', extra: Record<string, unknown> = {}) =>
    JSON.stringify(base(s, { type: 'user', message: { role: 'user', content: text }, uuid: `p${s}`, ...extra })),
  assistant: (s: number, id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify(
      base(s, {
        type: 'assistant',
        requestId: `r-${id}`,
        message: {
          id,
          model: 'claude-sonnet-4-5',
          role: 'assistant',
          content: [{ type: 'text', text: 'ok' }],
          usage: { input_tokens: 3, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 10 },
        },
        uuid: `a${s}`,
        ...extra,
      }),
    ),
  toolResult: (s: number) =>
    JSON.stringify({
      ...base(s, {
        type: 'user',
        message: {
          role: 'user',
          content: [{ tool_use_id: 't1', type: 'tool_result', content: 'line "timestamp":"2020-01-01T00:00:00Z" in a file' }],
        },
        uuid: `t${s}`,
      }),
      toolUseResult: { stdout: 'x' },
    }),
  interrupt: (s: number) =>
    JSON.stringify(
      base(s, {
        type: 'user',
        message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user for tool use]' }] },
        uuid: `i${s}`,
      }),
    ),
  turnDuration: (s: number, durationMs: number) =>
    JSON.stringify(base(s, { type: 'system', subtype: 'turn_duration', durationMs, messageCount: 4, uuid: `d${s}`, isMeta: false })),
  meta: (s: number) =>
    JSON.stringify(
      base(s, {
        type: 'user',
        isMeta: true,
        message: { role: 'user', content: '<local-command-caveat>Caveat</local-command-caveat>' },
        uuid: `m${s}`,
      }),
    ),
  compactSummary: (s: number) =>
    JSON.stringify(
      base(s, {
        type: 'user',
        isCompactSummary: true,
        message: { role: 'user', content: 'This session is being continued from a previous conversation…' },
        uuid: `c${s}`,
      }),
    ),
};

/** Codex rollout lines, each a JSON string. */
export const codex = {
  meta: (s: number, id = 'cx-1', extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      timestamp: at(s),
      type: 'session_meta',
      payload: { id, cwd: '/work/app', originator: 'codex_vscode', cli_version: '0.169.0', ...extra },
    }),
  started: (s: number) =>
    JSON.stringify({
      timestamp: at(s),
      type: 'event_msg',
      payload: { type: 'task_started', turn_id: `turn-${s}`, model_context_window: 258400 },
    }),
  complete: (s: number) =>
    JSON.stringify({
      timestamp: at(s),
      type: 'event_msg',
      payload: { type: 'task_complete', turn_id: 'turn', last_agent_message: 'done' },
    }),
  aborted: (s: number) => JSON.stringify({ timestamp: at(s), type: 'event_msg', payload: { type: 'turn_aborted', reason: 'interrupted' } }),
  tokens: (s: number, total: number) =>
    JSON.stringify({
      timestamp: at(s),
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info: {
          total_token_usage: { input_tokens: total, cached_input_tokens: 0, output_tokens: 10, total_tokens: total + 10 },
          last_token_usage: { input_tokens: 1, cached_input_tokens: 0, output_tokens: 1, total_tokens: 2 },
        },
      },
    }),
  item: (s: number) =>
    JSON.stringify({
      timestamp: at(s),
      type: 'response_item',
      payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
    }),
};
