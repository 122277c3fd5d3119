import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/domain/task';
import { panelData } from '../../../src/ui/panel/report';
import { appFixture, closeFixtures } from './fixture';

async function setup() {
  const { store, service, editor, clock } = await appFixture();
  clock.t = Date.UTC(2026, 10, 24, 18);
  const day = Date.UTC(2026, 10, 24, 9);
  const task = (id: string, h: number, ai: number, sup?: number): Task => ({
    id,
    title: `Task ${id}`,
    workspace: 'ws',
    startedAt: day,
    stoppedAt: day + ai * 60_000,
    humanHours: h,
    aiMinutes: ai,
    aiSource: 'measured',
    supMinutes: sup,
    updatedAt: 1,
  });
  return { store, service, editor, clock, task };
}

describe('editing the record', () => {
  afterEach(closeFixtures);

  it('edits title, estimate and minutes with validation; corrected minutes are marked user', async () => {
    const { store, editor, task } = await setup();
    store.put(task('a', 8, 12));
    assert.equal(editor.edit('a', 'estimate', 'abc').ok, false);
    assert.equal(store.get('a')?.humanHours, 8, 'a bad value changes nothing');
    assert.equal(editor.edit('a', 'estimate', '16h').ok, true);
    assert.equal(editor.edit('a', 'title', '  New <b>name</b> ').ok, true);
    assert.equal(editor.edit('a', 'title', '   ').ok, false);
    assert.equal(editor.edit('a', 'aiMinutes', '24').ok, true);
    const a = store.get('a')!;
    assert.deepEqual([a.title, a.humanHours, a.aiMinutes, a.aiSource], ['New <b>name</b>', 16, 24, 'user']);
  });

  it('deletes with undo, and totals follow', async () => {
    const { store, service, editor, clock, task } = await setup();
    store.put(task('a', 8, 12));
    store.put(task('b', 4, 48));
    const totals = () =>
      panelData(
        store,
        service,
        { range: { kind: 'today' }, sort: { key: 'index', descending: false }, limit: 200 },
        clock.now(),
        1,
        false,
        { id: 'self', name: 'here' },
      ).totals.text.leverage;
    assert.equal(totals(), '12.0x'); // 12 h × 60 / 60 min
    assert.ok(editor.delete('b').ok);
    assert.equal(totals(), '40.0x');
    assert.deepEqual(
      store.list().map((t) => t.id),
      ['a'],
    );
    assert.ok(editor.undoDelete('b').ok);
    assert.equal(totals(), '12.0x');
  });

  it('merges two tasks: figures add up, sessions and commits move, the other is gone', async () => {
    const { store, editor, task } = await setup();
    store.put(task('a', 8, 12, 2));
    store.put(task('b', 4, 6, 1));
    store.putSession({
      id: 's',
      agent: 'claude',
      taskId: 'b',
      workspace: 'ws',
      startedAt: 1,
      active: [],
      measuredBy: 'shell-integration',
      updatedAt: 1,
    });
    store.replaceCommits('b', '/r', [
      { taskId: 'b', repo: '/r', hash: 'h', subject: 's', authoredAt: 1, files: 1, insertions: 2, deletions: 0 },
    ]);
    const merged = editor.merge('a', 'b');
    assert.ok(merged.ok);
    assert.deepEqual([merged.value.humanHours, merged.value.aiMinutes, merged.value.supMinutes], [12, 18, 3]);
    assert.deepEqual(
      store.list().map((t) => t.id),
      ['a'],
    );
    assert.equal(store.sessionsOfTask('a').length, 1);
    assert.equal(store.commitsOfTask('a').length, 1);
    assert.equal(store.commitsOfTask('b').length, 0);
    assert.equal(editor.merge('a', 'a').ok, false);
  });

  it('imports rows once: a second import of the same rows adds nothing', async () => {
    const { store, editor } = await setup();
    const rows = [
      { line: 2, title: 'Sheet row', startedAt: 1000, stoppedAt: 2000, humanHours: 2, aiMinutes: 10 },
      { line: 3, title: 'Sheet row', startedAt: 1000, stoppedAt: 2000, humanHours: 2, aiMinutes: 10 },
      { line: 4, id: 'own-id', title: 'Own row', startedAt: 3000, stoppedAt: 4000, humanHours: 1, aiMinutes: 5 },
    ];
    assert.deepEqual(editor.importRows(rows), { added: 3, skipped: 0 });
    assert.deepEqual(editor.importRows(rows), { added: 0, skipped: 3 });
    assert.equal(store.list().length, 3);
    assert.equal(store.get('own-id')?.aiSource, 'imported');
  });
});
