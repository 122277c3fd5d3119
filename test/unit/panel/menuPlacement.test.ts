import * as assert from 'node:assert/strict';
import { menuPlacement, nextMenuIndex } from '../../../media/panel/menuPlacement';

const MENU = { width: 160, height: 90 };
const VIEW = { width: 520, height: 700 };

describe('row action menu placement', () => {
  it('opens below its button with the right edges aligned', () => {
    const at = menuPlacement({ left: 480, top: 100, width: 24, height: 22 }, MENU, VIEW);
    assert.deepEqual(at, { left: 480 + 24 - 160, top: 124 });
  });

  it('opens above its button when the rows run to the bottom of the panel', () => {
    const at = menuPlacement({ left: 480, top: 660, width: 24, height: 22 }, MENU, VIEW);
    assert.equal(at.top, 660 - 90 - 2);
  });

  it('stays inside a panel narrower than the distance from the button to the left edge would need', () => {
    const at = menuPlacement({ left: 20, top: 100, width: 24, height: 22 }, MENU, VIEW);
    assert.equal(at.left, 4);
    const wide = menuPlacement({ left: 600, top: 100, width: 24, height: 22 }, MENU, VIEW);
    assert.equal(wide.left, 520 - 160 - 4, 'a button scrolled past the right edge still gets a whole menu');
  });

  it('starts a menu taller than the view at its top rather than above it', () => {
    const at = menuPlacement({ left: 480, top: 40, width: 24, height: 22 }, { width: 160, height: 800 }, VIEW);
    assert.equal(at.top, 4);
  });
});

describe('row action menu keys', () => {
  it('moves with the arrows, wrapping at both ends, and jumps with Home and End', () => {
    assert.equal(nextMenuIndex('ArrowDown', 0, 3), 1);
    assert.equal(nextMenuIndex('ArrowDown', 2, 3), 0);
    assert.equal(nextMenuIndex('ArrowUp', 0, 3), 2);
    assert.equal(nextMenuIndex('ArrowUp', -1, 3), 2, 'from nothing focused, up goes to the last item');
    assert.equal(nextMenuIndex('Home', 2, 3), 0);
    assert.equal(nextMenuIndex('End', 0, 3), 2);
    assert.equal(nextMenuIndex('a', 0, 3), undefined);
  });
});
