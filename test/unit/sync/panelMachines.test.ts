import * as assert from 'node:assert/strict';
import { DEFAULT_VIEW } from '../../../src/shared/protocol';
import { parseWebviewMessage } from '../../../src/shared/parseMessage';
import { panelData } from '../../../src/ui/panel/report';
import { appFixture, closeFixtures, T0 } from '../app/fixture';
import { LAPTOP as HERE, DESKTOP as THERE } from '../../support/machines';

describe('panel: tasks of several machines', () => {
  afterEach(closeFixtures);

  it('lists this machine first, shows where each task came from, and filters to one machine (totals follow)', async () => {
    const { store, service, clock } = await appFixture();
    const stopped = { workspace: 'ws', startedAt: T0, stoppedAt: T0 + 60 * 60_000, aiMinutes: 60, updatedAt: T0 };
    store.put({ ...stopped, id: 'mine', title: 'Here', humanHours: 4 });
    store.put({ ...stopped, id: 'theirs', title: 'There', humanHours: 8, machine: THERE });
    const view = { ...DEFAULT_VIEW, range: { kind: 'all' as const } };
    const all = panelData(store, service, view, clock.now(), 1, false, HERE);
    assert.deepEqual(all.machines, [HERE, THERE]);
    assert.deepEqual(
      all.rows.map((r) => [r.title, r.machine]),
      [
        ['Here', null],
        ['There', 'desktop'],
      ],
    );
    const theirs = panelData(store, service, { ...view, machine: THERE.id }, clock.now(), 1, false, HERE);
    assert.deepEqual(
      theirs.rows.map((r) => r.title),
      ['There'],
    );
    assert.equal(theirs.totals.text.humanHours, '8h');
    const mine = panelData(store, service, { ...view, machine: HERE.id }, clock.now(), 1, false, HERE);
    assert.deepEqual(
      mine.rows.map((r) => r.title),
      ['Here'],
    );
  });

  it('the webview boundary takes a machine filter as a string, refuses anything else, and keeps older views without one', () => {
    const load = (view: unknown) => parseWebviewMessage({ type: 'request', requestId: 1, request: { type: 'load', view } });
    const ok = load({ ...DEFAULT_VIEW, machine: THERE.id });
    assert.ok(ok.ok && ok.message.type === 'request' && ok.message.request.type === 'load' && ok.message.request.view.machine === THERE.id);
    assert.equal(load({ ...DEFAULT_VIEW, machine: 42 }).ok, false);
    const older = load(DEFAULT_VIEW);
    assert.ok(older.ok && older.message.type === 'request' && older.message.request.type === 'load');
    assert.equal('machine' in (older.message.request as { view: object }).view, false);
  });
});
