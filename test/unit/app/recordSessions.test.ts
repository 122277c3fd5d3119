import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import { AgentSessions } from '../../../src/app/agentSessions';
import { RecordSessions } from '../../../src/app/recordSessions';
import { Supervision } from '../../../src/app/supervision';
import { TaskService } from '../../../src/app/taskService';
import type { AgentSession } from '../../../src/domain/session';
import type { AgentTurn } from '../../../src/domain/turns';
import { roundMinutes } from '../../../src/domain/task';
import { totalsView } from '../../../src/ui/panel/report';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';

const s = 1000;
const T0 = Date.UTC(2026, 10, 24, 9);
const WS = 'file:///work/app';

/** A clock the test moves by hand. */
class FakeClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

function turn(agent: string, sessionId: string, startS: number, endS: number, extra: Partial<AgentTurn> = {}): AgentTurn {
  return {
    agent,
    sessionId,
    cwd: '/work/app/src',
    start: T0 + startS * s,
    end: T0 + endS * s,
    prompted: true,
    interrupted: false,
    open: false,
    ...extra,
  };
}

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-records-'));
  const file = path.join(dir, 'db.sqlite');
  const { store } = await SqliteTaskStore.open(await initSqlJs(), { file, saveDelayMs: 5 });
  const clock = new FakeClock(T0);
  let n = 0;
  const ids = { newId: () => `id-${++n}` };
  const sessions = new AgentSessions(store, clock, ids, WS, () => 30 * s);
  const records = new RecordSessions(store, clock, { key: WS, folders: ['/work/app'] });
  const service = new TaskService(store, clock, ids, WS, sessions, new Supervision(store, clock, () => 60 * s), records);
  return { dir, file, store, clock, sessions, records, service };
}

describe('RecordSessions', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => (env = await setup()));
  afterEach(async () => {
    await env.store.close();
    fs.rmSync(env.dir, { recursive: true, force: true });
  });

  it('keeps one row per agent session whose stretches are the union of its turns, however often they are read', () => {
    const { store, records } = env;
    records.ingest([turn('claude', 'c1', 0, 20), turn('claude', 'c1', 45, 55)], 'file');
    records.ingest([turn('claude', 'c1', 45, 55), turn('claude', 'c1', 10, 30, { prompted: false })], 'file');
    const rows = store.recordSessionsBetween(T0, T0 + 60 * s);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      rows[0].active.map((i) => [(i.start - T0) / s, (i.end - T0) / s]),
      [
        [0, 30],
        [45, 55],
      ],
    );
    assert.deepEqual(
      rows[0].prompts?.map((t) => (t - T0) / s),
      [0, 45],
      'only prompted turns leave a prompt instant',
    );
    assert.equal(rows[0].measuredBy, 'records');
    assert.equal(rows[0].cwd, '/work/app/src');
    assert.deepEqual(store.unattributedSessions(), [], 'record sessions are attributed by folder and time, not listed for attaching');
  });

  it('AI minutes of a task: records of two agents and a terminal session of one of them count as their union, and the task keeps where they came from', async () => {
    const { clock, service, sessions, records } = env;
    const started = service.start('Fix login');
    assert.ok(started.ok);
    // Claude turns 0–20 s and 45–55 s; a Codex turn 25–33 s inside Claude's pause; the same Claude also seen in a terminal 15–25 s.
    records.ingest([turn('claude', 'c1', 0, 20), turn('claude', 'c1', 45, 55)], 'c');
    records.ingest([turn('codex', 'x1', 25, 33)], 'x');
    clock.t = T0 + 15 * s;
    const terminal = sessions.started('claude', 'shell-integration');
    for (let t = 15; t <= 25; t++) {
      clock.t = T0 + t * s;
      terminal.output();
    }
    clock.t = T0 + 70 * s;
    const facts = service.facts(service.running()!);
    assert.equal(facts.aiMinutes, (20 + 13 + 10) / 60, '0–20 ∪ 15–25 ∪ 25–33 ∪ 45–55 = 43 s');
    assert.deepEqual(facts.aiSources, ['claude records', 'codex records', 'terminal']);
    terminal.end(0);
    const stopped = await service.stop({ humanHours: 2 });
    assert.ok(stopped.ok);
    assert.deepEqual(
      [stopped.value.aiMinutes, stopped.value.aiSource, stopped.value.aiVia],
      [roundMinutes(43 / 60), 'measured', 'claude records + codex records + terminal'],
    );
    assert.equal(
      env.store.get(stopped.value.id)?.aiVia,
      'claude records + codex records + terminal',
      'the provenance is stored with the task',
    );
    assert.equal(totalsView([stopped.value]).wallclockCount, 0);
    assert.equal(totalsView([stopped.value]).text.measuredLeverage, null, 'no second average when nothing rests on wall clock');
  });

  it('leaves out records of other folders and from before the task, so the stop falls back to wall clock', async () => {
    const { clock, service, records } = env;
    records.ingest([turn('claude', 'before', -100, -50)], 'b');
    records.ingest([turn('claude', 'elsewhere', 5, 10, { cwd: '/work/application' })], 'e');
    clock.t = T0;
    assert.ok(service.start('Task').ok);
    clock.t = T0 + 60 * s;
    const facts = service.facts(service.running()!);
    assert.equal(facts.aiMinutes, undefined, 'nothing measured: the stop falls back to wall clock');
    assert.deepEqual(facts.aiSources, []);
    const stopped = await service.stop({ humanHours: 1 });
    assert.ok(stopped.ok);
    assert.equal(stopped.value.aiSource, 'wallclock');
    assert.equal(stopped.value.aiVia, undefined);
    const view = totalsView([stopped.value]);
    assert.equal(view.wallclockCount, 1, 'the totals say how many tasks rest on the fallback');
    assert.equal(view.text.measuredLeverage, '—', 'and the weighted leverage without it has nothing left to weigh');
  });

  it('asks once when an agent seen only in its records starts a fresh turn in the workspace with no task running', () => {
    const { clock, records, service } = env;
    const asked: AgentSession[] = [];
    records.onUnattributedStart.on((session) => asked.push(session));
    clock.t = T0 + 600 * s;
    records.ingest([turn('claude', 'old', 0, 20)], 'o');
    assert.equal(asked.length, 0, 'history read on a first scan is not an agent starting');
    records.ingest([turn('claude', 'new', 590, 598, { open: true })], 'n');
    records.ingest([turn('claude', 'new', 590, 600, { open: true })], 'n');
    assert.deepEqual(
      asked.map((a) => a.agent),
      ['claude'],
    );
    assert.ok(service.start('Now timed').ok);
    records.ingest([turn('codex', 'x', 599, 600)], 'x');
    assert.equal(asked.length, 1, 'not while a task runs');
  });

  it('survives a reopen of the database file (the migration adds cwd and prompts)', async () => {
    const { store, records, file } = env;
    records.ingest([turn('codex', 'x1', 0, 8)], 'x');
    await store.flush();
    const { store: again } = await SqliteTaskStore.open(await initSqlJs(), { file });
    const [row] = again.recordSessionsBetween(T0, T0 + 10 * s);
    assert.deepEqual([row.id, row.cwd, row.prompts, row.active.length], ['records:codex:x1', '/work/app/src', [T0], 1]);
    await again.close();
  });
});
