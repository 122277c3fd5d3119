import * as assert from 'node:assert/strict';
import { deleteWithUndo, type RequestUi } from '../../../media/panel/requests';
import type { WebviewRequest } from '../../../src/shared/protocol';

/** A page whose host answers every request with `answer`, recording what was said and sent. */
function page(answer: () => Promise<unknown>): RequestUi & { said: string[]; sent: WebviewRequest[] } {
  const said: string[] = [];
  const sent: WebviewRequest[] = [];
  return { said, sent, request: (r) => (sent.push(r), answer()), say: (t) => said.push(t) };
}

describe('panel delete', () => {
  it('offers Undo after the host confirms the delete', async () => {
    const ui = page(() => Promise.resolve(undefined));
    let offered = 0;
    await deleteWithUndo(ui, 't1', () => offered++);
    assert.deepEqual(ui.sent, [{ type: 'delete', taskId: 't1' }]);
    assert.equal(offered, 1);
  });

  it("shows the host's reason and offers no Undo when the delete failed", async () => {
    const ui = page(() => Promise.reject(new Error('Stop the task before deleting it.')));
    let offered = 0;
    await deleteWithUndo(ui, 't1', () => offered++);
    assert.equal(offered, 0);
    assert.deepEqual(ui.said, ['Stop the task before deleting it.']);
  });
});
