import * as assert from 'node:assert/strict';
import { matchAgent } from '../../../src/domain/agentCommand';

/** Command-line forms and the agent they start; the closing note reports precision over this table. */
export const AGENT_FORMS: readonly [string, string | undefined][] = [
  ['claude', 'claude'],
  ['claude --resume', 'claude'],
  ['codex exec "fix the tests"', 'codex'],
  ['aider --model sonnet', 'aider'],
  ['gemini -p "hi"', 'gemini'],
  ['opencode', 'opencode'],
  ['amp', 'amp'],
  ['cursor-agent chat', 'cursor-agent'],
  ['copilot', 'copilot'],
  ['goose session', 'goose'],
  ['qwen', 'qwen'],
  ['crush', 'crush'],
  ['~/.local/bin/claude', 'claude'],
  ['/usr/local/bin/codex --full-auto', 'codex'],
  ['./node_modules/.bin/gemini', 'gemini'],
  ['C:\\Users\\me\\AppData\\Roaming\\npm\\claude.cmd', 'claude'],
  ['FOO=1 claude', 'claude'],
  ['ANTHROPIC_MODEL="claude-opus" DEBUG=1 claude -c', 'claude'],
  ['env FOO=1 codex', 'codex'],
  ['npx @anthropic-ai/claude-code', 'claude'],
  ['npx -y @openai/codex@latest', 'codex'],
  ['npx claude', 'claude'],
  ['npx --package=@google/gemini-cli gemini', 'gemini'],
  ['bunx @google/gemini-cli', 'gemini'],
  ['pnpm dlx @anthropic-ai/claude-code', 'claude'],
  ['pnpm dlx opencode-ai', 'opencode'],
  ['yarn dlx @qwen-code/qwen-code', 'qwen'],
  ['npm exec -- @openai/codex', 'codex'],
  ['uvx aider-chat', 'aider'],
  ['pipx run aider-chat', 'aider'],
  ['time claude -p "x"', 'claude'],
  ["'claude' --help", 'claude'],
  ['claude | tee log.txt', 'claude'],
  // not agents
  ['sleep 2', undefined],
  ['ls -la claude', undefined],
  ['git commit -m "claude did this"', undefined],
  ['echo codex', undefined],
  ['npm test', undefined],
  ['npx prettier --write .', undefined],
  ['cat ~/.claude/settings.json', undefined],
  ['FOO=claude make', undefined],
  ['claude-monitor', undefined],
  ['', undefined],
  ['   ', undefined],
];

describe('matchAgent', () => {
  for (const [line, agent] of AGENT_FORMS) {
    it(`${JSON.stringify(line)} → ${agent ?? 'no agent'}`, () => {
      assert.equal(matchAgent(line), agent);
    });
  }

  it('uses the configured list: an added agent is recognised, a removed one is not', () => {
    assert.equal(matchAgent('myagent run', ['myagent']), 'myagent');
    assert.equal(matchAgent('claude', ['codex']), undefined);
    assert.equal(matchAgent('npx @anthropic-ai/claude-code', ['codex']), undefined);
  });
});
