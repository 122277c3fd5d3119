import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { UsageRepository } from '../../../src/app/ports';
import type { TokenService } from '../../../src/app/tokenService';
import type { AgentTurn } from '../../../src/domain/turns';
import { TokenScanner } from '../../../src/logs/tokenScanner';
import { tempDir, writeFile } from './helpers';
import { claude } from './turnLines';

/** A store that keeps checkpoints and usage in memory. */
function memoryStore(): UsageRepository & { usage: number } {
  const checkpoints = new Map<string, unknown>();
  return {
    usage: 0,
    putUsage(records) {
      this.usage += records.length;
    },
    usageBetween: () => [],
    compactUsage: () => false,
    logCheckpoints: () => checkpoints,
    putLogCheckpoint: (p, c) => void checkpoints.set(p, c),
  };
}

describe('TokenScanner: live looks, full scans and the turns they hand on', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('a live look reads only the workspace’s project folder; a full scan asked meanwhile runs after it, over every folder', async () => {
    const root = path.join(dir, 'claude');
    writeFile(path.join(root, 'projects', '-work-app', 's1.jsonl'), `${claude.prompt(0)}\n${claude.assistant(5, 'm1')}\n`);
    writeFile(path.join(root, 'projects', '-work-other', 's2.jsonl'), `${claude.prompt(0)}\n${claude.assistant(5, 'm2')}\n`);
    const turns: [string, AgentTurn[]][] = [];
    const store = memoryStore();
    const scanner = new TokenScanner(
      store,
      { refreshRecent: () => 0 } as unknown as TokenService,
      () => ({ claude: [root], codex: [path.join(dir, 'none')], gemini: [path.join(dir, 'none')] }),
      () => undefined,
      (t, file) => void turns.push([path.basename(file), [...t]]),
    );
    const live = scanner.scanLive(['/work/app']);
    const full = scanner.scan();
    assert.notEqual(live, full, 'the full scan does not settle for the live look');
    assert.equal((await live).files, 1);
    assert.equal((await full).files, 2);
    assert.deepEqual(
      turns.map(([file]) => file),
      ['s1.jsonl', 's2.jsonl'],
      'each file read once: the full scan continued from the live look’s checkpoint',
    );
    assert.equal(store.usage, 2);
    const again = scanner.scanLive(['/work/app']);
    assert.equal(scanner.scanLive(['/work/app']), again, 'a live look joins the one in progress');
    await again;
  });
});
