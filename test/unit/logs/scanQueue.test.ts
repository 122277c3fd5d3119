import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UsageRepository } from '../../../src/app/ports';
import type { TokenService } from '../../../src/app/tokenService';
import type { AgentTurn } from '../../../src/domain/turns';
import { TokenScanner } from '../../../src/logs/tokenScanner';
import { tempDir, writeFile } from './helpers';
import { LIVE_CODEX_FOLDERS, workspaceCodexFolders } from '../../../src/logs/sources';
import { scanLogs, type FileCheckpoint } from '../../../src/logs/scanner';
import { claude, codex } from './turnLines';

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

  it('scans and live looks start only once the scanner is ready (an old record’s usage moved)', async () => {
    const root = path.join(dir, 'claude');
    writeFile(path.join(root, 'projects', '-work-app', 's1.jsonl'), `${claude.prompt(0)}\n${claude.assistant(5, 'm1')}\n`);
    let open!: () => void;
    const ready = new Promise<void>((resolve) => (open = resolve));
    const started: string[] = [];
    const scanner = new TokenScanner(
      memoryStore(),
      { refreshRecent: () => 0 } as unknown as TokenService,
      () => ({ claude: [root], codex: [path.join(dir, 'none')], gemini: [path.join(dir, 'none')] }),
      () => undefined,
      () => undefined,
      (sources, previous, options) => {
        started.push(options.partial === true ? 'live' : 'full');
        return scanLogs(sources, previous, options);
      },
      () => '',
      ready,
    );
    const live = scanner.scanLive(['/work/app']);
    const full = scanner.scan();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [], 'nothing read before ready');
    open();
    assert.equal((await live).files, 1);
    assert.equal((await full).files, 1);
    assert.deepEqual(started, ['live', 'full']);
  });

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

  it('a live look also reads the older date folders of Codex rollouts of the workspace, where `codex resume` appends', async () => {
    const sessions = path.join(dir, 'codex', 'sessions');
    const resumed = path.join(sessions, '2026', '01', '05', 'rollout-resumed.jsonl');
    const other = path.join(sessions, '2026', '01', '06', 'rollout-other.jsonl');
    writeFile(resumed, `${[codex.meta(0, 'cx-mine'), codex.started(1), codex.complete(9)].join('\n')}\n`);
    writeFile(other, `${[codex.meta(0, 'cx-other', { cwd: '/work/elsewhere' }), codex.started(1), codex.complete(9)].join('\n')}\n`);
    const turns: [string, AgentTurn[]][] = [];
    const scanner = new TokenScanner(
      memoryStore(),
      { refreshRecent: () => 0 } as unknown as TokenService,
      () => ({ claude: [path.join(dir, 'none')], codex: [path.join(dir, 'codex')], gemini: [path.join(dir, 'none')] }),
      () => undefined,
      (t, file) => void turns.push([path.basename(file), [...t]]),
    );
    await scanner.scan();
    assert.deepEqual(
      turns.map(([file]) => file),
      ['rollout-resumed.jsonl', 'rollout-other.jsonl'],
    );
    turns.length = 0;
    fs.appendFileSync(resumed, `${codex.started(100)}\n${codex.complete(110)}\n`);
    fs.appendFileSync(other, `${codex.started(100)}\n${codex.complete(110)}\n`);
    await scanner.scanLive(['/work/app']);
    assert.deepEqual(
      turns.map(([file, t]) => [file, t.map((x) => (x.end - x.start) / 1000)]),
      [['rollout-resumed.jsonl', [10]]],
      'the resumed rollout of the workspace is read; the other workspace’s waits for the full scan',
    );
  });

  it('keeps the newest LIVE_CODEX_FOLDERS date folders of the workspace’s rollouts', () => {
    const checkpoint = (day: number, cwd: string, agent = 'codex'): FileCheckpoint => ({
      path: path.join('/s', String(day), `r${day}.jsonl`),
      agent,
      dev: 1,
      ino: day,
      size: 1,
      mtimeMs: day,
      offset: 1,
      state: { cwd },
    });
    const all = [
      ...Array.from({ length: LIVE_CODEX_FOLDERS + 5 }, (_, day) => checkpoint(day, '/work/app/sub')),
      checkpoint(500, '/work/apple'),
      checkpoint(600, '/work/app', 'claude'),
    ];
    const kept = workspaceCodexFolders(all, ['/work/app']);
    assert.equal(kept.length, LIVE_CODEX_FOLDERS);
    assert.equal(kept[0], path.join('/s', String(LIVE_CODEX_FOLDERS + 4)), 'newest first');
    assert.ok(!kept.includes(path.join('/s', '4')), 'the oldest fall to the full scan');
    assert.ok(
      !kept.includes(path.join('/s', '500')) && !kept.includes(path.join('/s', '600')),
      'a sibling path and other agents are not the workspace’s',
    );
  });
});
