import * as assert from 'node:assert/strict';
import { roundMinutes } from '../../../src/domain/task';
import { appFixture, closeFixtures, type FakeClock } from './fixture';

const s = 1000;

const setup = () => appFixture({ idleThresholdMs: 30 * s, supervisoryIdleMs: 60 * s });

/** Prints every 200 ms for `ms`. */
function printFor(clock: FakeClock, handle: { output(): void }, ms: number): void {
  for (let t = 0; t <= ms; t += 200) {
    handle.output();
    clock.advance(200);
  }
  clock.advance(-200);
}

describe('measuring a task (app layer, fake clock, real sql.js store)', () => {
  afterEach(closeFixtures);

  it("AI minutes are the agent's active output stretches; silence past the threshold is excluded", async () => {
    const { service, sessions, clock, store } = await setup();
    const task = service.start('Measure me');
    assert.ok(task.ok);
    const agent = sessions.started('claude', 'shell-integration');
    printFor(clock, agent, 3 * s);
    clock.advance(40 * s); // waiting for the human
    printFor(clock, agent, 2 * s);
    agent.end(0);
    clock.advance(60 * s);
    const stopped = await service.stop({ humanHours: 1 });
    assert.ok(stopped.ok);
    assert.equal(stopped.value.aiSource, 'measured');
    assert.equal(stopped.value.aiMinutes, roundMinutes(5 / 60));
    const saved = store.sessionsOfTask(task.value.id);
    assert.equal(saved.length, 1);
    assert.equal(saved[0].exitCode, 0);
    assert.equal(saved[0].agent, 'claude');
    await store.close();
  });

  it('two overlapping agents count as their union, not their sum', async () => {
    const { service, sessions, clock, store } = await setup();
    service.start('Two agents');
    const a = sessions.started('claude', 'shell-integration');
    const b = sessions.started('codex', 'shell-integration');
    // a prints 0–10 s, b prints 5–15 s (interleaved every 500 ms)
    const t0 = clock.now();
    for (let t = 0; t <= 15 * s; t += 500) {
      clock.t = t0 + t;
      if (t <= 10 * s) a.output();
      if (t >= 5 * s) b.output();
    }
    a.end(0);
    b.end(0);
    const facts = service.facts(service.running()!);
    assert.equal(facts.aiMinutes, 15 / 60);
    assert.deepEqual(facts.agents, ['claude', 'codex']);
    await store.close();
  });

  it('an agent started before the task joins it when the task starts, and the unattributed event fires', async () => {
    const { service, sessions, clock, store } = await setup();
    const asked: string[] = [];
    sessions.onUnattributedStart.on((session) => asked.push(session.agent));
    const agent = sessions.started('gemini', 'shell-integration');
    assert.deepEqual(asked, ['gemini']);
    assert.equal(store.unattributedSessions().length, 1);
    const startedAt = clock.now();
    clock.advance(5 * s);
    const task = service.start('Started from the prompt', startedAt);
    assert.ok(task.ok);
    assert.equal(task.value.startedAt, startedAt);
    printFor(clock, agent, 4 * s);
    assert.equal(service.facts(task.value).aiMinutes, 4 / 60);
    agent.end(0);
    assert.equal(store.unattributedSessions().length, 0);
    await store.close();
  });

  it('sessions kept without a task can be attached to a stopped task, which then gets measured AI minutes', async () => {
    const { service, clock, store } = await setup();
    const task = service.start('Forgot to start');
    assert.ok(task.ok);
    clock.advance(60 * s);
    const stopped = await service.stop({ humanHours: 2 });
    assert.ok(stopped.ok);
    assert.equal(stopped.value.aiSource, 'wallclock');
    // the agent had run inside the task's span, in a window that had no task
    const loose = {
      id: 'loose',
      agent: 'codex',
      workspace: 'other',
      startedAt: task.value.startedAt + 10 * s,
      endedAt: task.value.startedAt + 40 * s,
      active: [{ start: task.value.startedAt + 10 * s, end: task.value.startedAt + 40 * s }],
      measuredBy: 'shell-integration' as const,
      updatedAt: 1,
    };
    store.putSession(loose);
    const attached = service.attachSessions(['loose'], task.value.id);
    assert.ok(attached.ok);
    assert.equal(attached.value.aiSource, 'measured');
    assert.equal(attached.value.aiMinutes, 0.5);
    await store.close();
  });

  it('attaching a session never overwrites imported or corrected AI minutes', async () => {
    const { service, store } = await setup();
    const imported = {
      id: 'imp',
      title: 'Imported',
      workspace: 'ws',
      startedAt: 0,
      stoppedAt: 600_000,
      humanHours: 1,
      aiMinutes: 10,
      aiSource: 'imported' as const,
      updatedAt: 1,
    };
    store.put(imported);
    store.putSession({
      id: 's',
      agent: 'codex',
      workspace: 'ws',
      startedAt: 0,
      endedAt: 60_000,
      active: [{ start: 0, end: 60_000 }],
      measuredBy: 'shell-integration',
      updatedAt: 1,
    });
    const result = service.attachSessions(['s'], 'imp');
    assert.ok(result.ok);
    assert.deepEqual([store.get('imp')?.aiMinutes, store.get('imp')?.aiSource], [10, 'imported']);
    assert.equal(store.sessionsOfTask('imp').length, 1, 'the session is attached all the same');
    await store.close();
  });

  it('terminal-lifetime sessions (no shell integration) add no AI minutes', async () => {
    const { service, sessions, clock, store } = await setup();
    service.start('No shell integration');
    const t = sessions.started('claude', 'terminal-lifetime');
    clock.advance(10 * 60 * s);
    t.end(undefined);
    assert.equal(service.facts(service.running()!).aiMinutes, undefined);
    await store.close();
  });

  it('supervisory minutes come from activity, cut by focus loss, and survive a checkpoint', async () => {
    const { service, supervision, clock, store } = await setup();
    const task = service.start('Supervised');
    assert.ok(task.ok);
    supervision.activity('edit');
    clock.advance(30 * s);
    supervision.activity('selection'); // credit now runs to +90 s
    clock.advance(20 * s);
    supervision.focus(false); // at +50 s
    clock.advance(120 * s);
    service.checkpoint();
    assert.deepEqual(store.attentionOfTask(task.value.id), [{ start: task.value.startedAt, end: task.value.startedAt + 50 * s }]);
    const stopped = await service.stop({ humanHours: 1 });
    assert.ok(stopped.ok);
    assert.equal(stopped.value.supMinutes, roundMinutes(50 / 60));
    assert.equal(stopped.value.supSource, 'measured');
    await store.close();
  });

  it('links the commits made since the task started; re-linking after an amend replaces, never duplicates', async () => {
    const { service, store } = await setup();
    const task = service.start('Commits');
    assert.ok(task.ok);
    const c = (hash: string, ins: number) => ({ hash, subject: `commit ${hash}`, authoredAt: 1, files: 1, insertions: ins, deletions: 0 });
    assert.equal(service.linkCommits(task.value.id, '/repo', [c('a1', 5), c('b1', 7)]), 2);
    service.linkCommits(task.value.id, '/repo', [c('a1', 5), c('b2', 9)]); // b1 amended into b2
    assert.deepEqual(
      store
        .commitsOfTask(task.value.id)
        .map((x) => x.hash)
        .sort(),
      ['a1', 'b2'],
    );
    const facts = service.facts(task.value);
    assert.deepEqual([facts.commits, facts.insertions], [2, 14]);
    await store.close();
  });
});
