import { formatMinutes } from '../domain/format';
import type { TaskFacts } from '../domain/measure';

/**
 * The evidence for an estimate in one line: AI minutes and where they came from
 * (`AI 14m · claude records + terminal`), sup. minutes, commits and lines.
 */
export function describeFacts(facts: TaskFacts): string {
  const ai =
    facts.aiMinutes === undefined
      ? `AI ${formatMinutes(facts.wallMinutes)} (wall clock, no agent measured)`
      : `AI ${formatMinutes(facts.aiMinutes)} · ${facts.aiSources.join(' + ')}`;
  const commits =
    facts.commits === 0
      ? 'no commits'
      : `${facts.commits} commit${facts.commits === 1 ? '' : 's'}, +${facts.insertions} −${facts.deletions} in ${facts.files} file${facts.files === 1 ? '' : 's'}`;
  return `${ai} · Sup. ${formatMinutes(facts.supMinutes)} · ${commits}`;
}
