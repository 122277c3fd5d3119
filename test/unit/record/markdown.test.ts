import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/domain/task';
import { tasksToMarkdown } from '../../../src/export/markdown';
import { LAPTOP as HERE } from '../../support/machines';

const t = (id: string, title: string, h: number, ai: number, sup: number | undefined, tokens: number | undefined): Task => ({
  id,
  title,
  workspace: '',
  startedAt: 1,
  stoppedAt: 2,
  humanHours: h,
  aiMinutes: ai,
  supMinutes: sup,
  tokens,
  updatedAt: 1,
});

const TASKS: Task[] = [
  t('1', 'Design doc for desktop app (architecture, repo creation)', 16, 12, 2, 350_000),
  t('2', 'Pipe | and <b>html</b>', 8, 30, undefined, 2_265_000),
  { id: '3', title: 'Still running', workspace: '', startedAt: 1, updatedAt: 1 },
];

describe('Markdown record', () => {
  it('published layout: dated title, Task Log with Factor columns, Metric/Value statistics, exactly', () => {
    assert.equal(
      tasksToMarkdown(TASKS, '2026-11-20', 'published', HERE),
      [
        '# Leverage Record — 2026-11-20',
        '',
        '## Task Log',
        '',
        '| # | Task | Human Est. | AI | Sup. | Tokens | Factor | Sup. Factor |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| 1 | Design doc for desktop app (architecture, repo creation) | 16h | 12m | 2m | 350k | 80.0x | 480.0x |',
        '| 2 | Pipe \\| and &lt;b&gt;html&lt;/b&gt; | 8h | 30m | — | 2.27M | 16.0x | — |',
        '',
        '## Aggregate Statistics',
        '',
        '| Metric | Value |',
        '| --- | --- |',
        '| Total tasks | 2 |',
        '| Total human-equivalent hours | 24h |',
        '| Total AI minutes | 42m |',
        '| Total supervisory minutes | 2m |',
        '| Total tokens | 2.62M |',
        '| Weighted average leverage (Σ hours × 60 / Σ AI minutes) | 34.3x |',
        '| Weighted average supervisory leverage (Σ hours × 60 / Σ sup. minutes) | 480.0x |',
        '',
      ].join('\n'),
    );
  });

  it('compact layout: one table and the statistics as a list, exactly', () => {
    assert.equal(
      tasksToMarkdown(TASKS, '2026-11-20', 'compact', HERE),
      [
        '# Leverage Record — 2026-11-20',
        '',
        '| # | Task | Human Est. | AI | Sup. | Tokens | Leverage | Sup. Leverage |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
        '| 1 | Design doc for desktop app (architecture, repo creation) | 16h | 12m | 2m | 350k | 80.0x | 480.0x |',
        '| 2 | Pipe \\| and &lt;b&gt;html&lt;/b&gt; | 8h | 30m | — | 2.27M | 16.0x | — |',
        '',
        '## Aggregate statistics',
        '',
        '- Total tasks: 2',
        '- Total human-equivalent hours: 24h',
        '- Total AI minutes: 42m',
        '- Total supervisory minutes: 2m',
        '- Total tokens: 2.62M',
        '- Weighted average leverage: 34.3x (Σ hours × 60 / Σ AI minutes)',
        '- Weighted average supervisory leverage: 480.0x (Σ hours × 60 / Σ sup. minutes)',
        '',
      ].join('\n'),
    );
  });

  it('a total nothing was measured for shows "—", not 0m', () => {
    const imported = [t('1', 'From a sheet without Sup.', 2, 10, undefined, undefined), t('2', 'Another', 1, 5, undefined, undefined)];
    const md = tasksToMarkdown(imported, '2026-11-20', 'published', HERE);
    assert.match(md, /\| Total supervisory minutes \| — \|/);
    assert.match(md, /\| Total tokens \| — \|/);
    assert.match(md, /\| Total AI minutes \| 15m \|/);
  });

  it('adds the average without wall-clock tasks only when some task rests on the fallback', () => {
    const wall: Task = { ...t('3', 'No agent seen', 2, 60, undefined, undefined), aiSource: 'wallclock' };
    const md = tasksToMarkdown([...TASKS, wall], '2026-11-20', 'published', HERE);
    assert.match(md, /\| Weighted average leverage \(Σ hours × 60 \/ Σ AI minutes\) \| 15\.3x \|/);
    assert.match(md, /\| Weighted average leverage without wall-clock tasks \(1 left out: no agent measured\) \| 34\.3x \|/);
    assert.doesNotMatch(tasksToMarkdown(TASKS, '2026-11-20', 'published', HERE), /wall-clock/);
  });

  it('names the machine of each task once the tasks come from more than one machine', () => {
    const desktop = { ...TASKS[0], id: '4', title: 'From the desktop', machine: { id: 'm2', name: 'desktop' } };
    const lines = tasksToMarkdown([TASKS[0], desktop], '2026-11-20', 'published', HERE).split('\n');
    assert.ok(lines.includes('| # | Task | Machine | Human Est. | AI | Sup. | Tokens | Factor | Sup. Factor |'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('| 1 | Design doc') && l.includes('| laptop | 16h |')));
    assert.ok(lines.some((l) => l.startsWith('| 2 | From the desktop | desktop | 16h |')));
  });
});
