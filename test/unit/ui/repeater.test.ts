import * as assert from 'node:assert/strict';
import { Repeater } from '../../../src/ui/repeater';
import { until } from '../until';

describe('Repeater (timers driven by a setting)', () => {
  it('restart applies a changed period at once', async () => {
    let periodMs = 60_000;
    let runs = 0;
    const repeater = new Repeater(
      () => runs++,
      () => periodMs,
    );
    try {
      periodMs = 10;
      repeater.restart();
      // At the old period the third run would be three minutes away.
      await until(() => runs >= 3, 'three runs at the new period', 2_000);
    } finally {
      repeater.dispose();
    }
  });

  it('runs no more once disposed', async () => {
    let runs = 0;
    const repeater = new Repeater(
      () => runs++,
      () => 5,
    );
    await until(() => runs >= 1, 'a first run');
    repeater.dispose();
    const after = runs;
    await new Promise((r) => setTimeout(r, 50)); // ten periods: only waiting shows that nothing happens
    assert.equal(runs, after);
  });
});
