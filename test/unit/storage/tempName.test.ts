import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { tempNameOf, tempOwner } from '../../../src/storage/tempName';

describe('temp file names', () => {
  it('name the process that writes them, and only a temp file of the given file names one', () => {
    const file = path.join('/data', 'record.sqlite');
    assert.equal(tempOwner(path.basename(tempNameOf(file)), file), process.pid);
    assert.equal(tempOwner('record.sqlite.4242-ab12.tmp', file), 4242);
    for (const other of [
      'record.sqlite',
      'record.sqlite.4242-ab12',
      'record.sqlite.x-ab12.tmp',
      'other.sqlite.4242-ab12.tmp',
      'record.sqlite.lock-owner.4242-ab.tmp',
    ])
      assert.equal(tempOwner(other, file), undefined, other);
    assert.equal(tempOwner('record.sqlite.lock-owner.4242-ab.tmp', `${file}.lock-owner`), 4242);
  });
});
