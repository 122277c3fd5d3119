import * as assert from 'node:assert/strict';
import { AttentionTracker } from '../../../src/domain/attention';
import { ActivityStretches, clip, coveredMs, union } from '../../../src/domain/intervals';

const s = 1000;

describe('intervals', () => {
  it('union merges overlapping and touching intervals and drops empty ones', () => {
    assert.deepEqual(
      union([
        { start: 5, end: 10 },
        { start: 0, end: 3 },
        { start: 3, end: 4 },
        { start: 8, end: 12 },
        { start: 20, end: 20 },
      ]),
      [
        { start: 0, end: 4 },
        { start: 5, end: 12 },
      ],
    );
  });

  it('two overlapping agents count once: 0–10 min and 5–15 min are 15 min, not 20', () => {
    const m = 60 * s;
    assert.equal(
      coveredMs([
        { start: 0, end: 10 * m },
        { start: 5 * m, end: 15 * m },
      ]),
      15 * m,
    );
  });

  it('clips to a task span', () => {
    assert.deepEqual(
      clip(
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        5,
        25,
      ),
      [
        { start: 5, end: 10 },
        { start: 20, end: 25 },
      ],
    );
  });
});

describe('ActivityStretches (idle bridging)', () => {
  it('bridges gaps shorter than the threshold and excludes longer silences', () => {
    const a = new ActivityStretches(30 * s);
    // prints every 200 ms for 3 s, silent 40 s, prints for 2 s
    for (let t = 0; t <= 3 * s; t += 200) a.output(t);
    for (let t = 43 * s; t <= 45 * s; t += 200) a.output(t);
    assert.deepEqual(a.intervals(), [
      { start: 0, end: 3 * s },
      { start: 43 * s, end: 45 * s },
    ]);
    assert.equal(a.activeMs(), 5 * s);
  });

  it('a gap exactly at the threshold is bridged; one just over is not', () => {
    const a = new ActivityStretches(30 * s);
    a.output(0);
    a.output(30 * s);
    a.output(60 * s + 1);
    assert.deepEqual(a.intervals(), [{ start: 0, end: 30 * s }]);
    a.output(61 * s);
    assert.equal(a.activeMs(), 30 * s + (s - 1));
  });

  it('a single chunk alone is no measurable activity', () => {
    const a = new ActivityStretches(30 * s);
    a.output(5 * s);
    assert.equal(a.activeMs(), 0);
  });
});

describe('AttentionTracker (supervisory time)', () => {
  it('credits each activity for the idle timeout, merging overlaps', () => {
    const t = new AttentionTracker(() => 60 * s);
    t.activity(0);
    t.activity(30 * s); // extends to 90 s
    t.activity(200 * s); // separate: 200–260 s
    assert.equal(coveredMs(t.intervals(1000 * s)), 90 * s + 60 * s);
  });

  it('losing focus ends the credit; nothing counts until focus returns', () => {
    const t = new AttentionTracker(() => 60 * s);
    t.activity(0);
    t.focus(20 * s, false);
    t.activity(30 * s); // ignored: window not focused
    t.focus(100 * s, true); // 100–160 s
    assert.deepEqual(t.intervals(1000 * s), [
      { start: 0, end: 20 * s },
      { start: 100 * s, end: 160 * s },
    ]);
  });

  it('a repeated "focused" state is not new activity; only gaining focus is', () => {
    const t = new AttentionTracker(() => 60 * s);
    t.activity(0);
    t.focus(100 * s, true); // already focused: nothing new
    assert.deepEqual(t.intervals(1000 * s), [{ start: 0, end: 60 * s }]);
  });

  it('cuts the open credit at now', () => {
    const t = new AttentionTracker(() => 60 * s);
    t.activity(0);
    assert.equal(coveredMs(t.intervals(10 * s)), 10 * s);
  });
});
