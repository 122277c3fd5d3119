import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { claudeLogDirs, codexLogDirs } from '../../../src/logs/roots';
import { defaultSources } from '../../../src/logs/sources';

const home = path.resolve('/home/u');
const p = (...parts: string[]) => path.resolve(home, ...parts);

describe('roots', () => {
  it('Claude: CLAUDE_CONFIG_DIR entries first, then ~/.config/claude and ~/.claude, deduplicated', () => {
    const env = { CLAUDE_CONFIG_DIR: ` /data/claude-a , ~/.claude,, ${path.join(home, '.claude')}/ ` };
    assert.deepEqual(claudeLogDirs([], { env, home }), [
      path.join(path.resolve('/data/claude-a'), 'projects'),
      p('.claude', 'projects'),
      p('.config', 'claude', 'projects'),
    ]);
    assert.deepEqual(claudeLogDirs([], { env: {}, home }), [p('.config', 'claude', 'projects'), p('.claude', 'projects')]);
  });

  it('Codex: CODEX_HOME, else ~/.codex, with sessions and archived_sessions below', () => {
    assert.deepEqual(codexLogDirs([], { env: { CODEX_HOME: '/opt/codex' }, home }), [
      path.join(path.resolve('/opt/codex'), 'sessions'),
      path.join(path.resolve('/opt/codex'), 'archived_sessions'),
    ]);
    assert.deepEqual(codexLogDirs([], { env: { CODEX_HOME: '  ' }, home }), [p('.codex', 'sessions'), p('.codex', 'archived_sessions')]);
  });

  it('an override list replaces the defaults, with ~ expanded', () => {
    const env = { CLAUDE_CONFIG_DIR: '/ignored', CODEX_HOME: '/ignored' };
    assert.deepEqual(claudeLogDirs(['~/alt'], { env, home }), [p('alt', 'projects')]);
    assert.deepEqual(codexLogDirs(['~'], { env, home }), [p('sessions'), p('archived_sessions')]);
    const sources = defaultSources({ claude: ['~/alt'] }, { env: {}, home });
    assert.deepEqual(
      sources.map((s) => [s.format.agent, s.dirs]),
      [
        ['claude', [p('alt', 'projects')]],
        ['codex', [p('.codex', 'sessions'), p('.codex', 'archived_sessions')]],
        ['gemini', [p('.gemini', 'tmp')]],
      ],
    );
  });
});
