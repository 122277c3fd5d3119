import * as assert from 'node:assert/strict';
import { asMachine } from '../../../src/domain/machine';

describe('asMachine', () => {
  const id = '0b5c6a1e-1111-4a4a-8a8a-000000000001';

  it('takes an id as created and a name, cutting a long name', () => {
    assert.deepEqual(asMachine({ id, name: 'laptop', extra: 1 }), { id, name: 'laptop' });
    assert.equal(asMachine({ id, name: 'x'.repeat(500) })?.name.length, 200);
  });

  it('refuses what could not name a file of the sync folder or a machine people recognise', () => {
    for (const raw of [
      null,
      'laptop',
      [],
      { id },
      { id, name: ' ' },
      { id: id.toUpperCase(), name: 'a' },
      { id: '../etc', name: 'a' },
      { id: `${id}x`, name: 'a' },
    ])
      assert.equal(asMachine(raw), undefined, JSON.stringify(raw));
  });
});
