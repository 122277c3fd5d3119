import * as assert from 'node:assert/strict';
import type { Task } from '../../../src/domain/task';
import { tasksToMarkdown } from '../../../src/export/markdown';

describe('Markdown record', () => {
  it('renders the table and the aggregate statistics exactly', () => {
    const t = (id: string, title: string, h: number, ai: number, sup: number | undefined, tokens: number | undefined): Task =>
      ({ id, title, workspace: '', startedAt: 1, stoppedAt: 2, humanHours: h, aiMinutes: ai, supMinutes: sup, tokens, updatedAt: 1 });
    const md = tasksToMarkdown([
      t('1', 'Design doc for desktop app (architecture, repo creation)', 16, 12, 2, 350_000),
      t('2', 'Pipe | and <b>html</b>', 8, 30, undefined, undefined),
      { id: '3', title: 'Still running', workspace: '', startedAt: 1, updatedAt: 1 },
    ], '2026-11-20');
    assert.equal(md, [
      '# Leverage Record — 2026-11-20',
      '',
      '| # | Task | Human Est. | AI | Sup. | Tokens | Leverage | Sup. Leverage |',
      '|---|---|---|---|---|---|---|---|',
      '| 1 | Design doc for desktop app (architecture, repo creation) | 16h | 12m | 2m | 350k | 80.0x | 480.0x |',
      '| 2 | Pipe \\| and &lt;b&gt;html&lt;/b&gt; | 8h | 30m | — | — | 16.0x | — |',
      '',
      '## Aggregate statistics',
      '',
      '- Total tasks: 2',
      '- Total human-equivalent hours: 24h',
      '- Total AI minutes: 42m',
      '- Total supervisory minutes: 2m',
      '- Total tokens: 350k',
      '- Weighted average leverage: 34.3x (Σ hours × 60 / Σ AI minutes)',
      '- Weighted average supervisory leverage: 480.0x (Σ hours × 60 / Σ sup. minutes)',
      '',
    ].join('\n'));
  });
});
