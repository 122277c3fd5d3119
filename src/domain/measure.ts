import { clip, coveredMs, union, type Interval } from './intervals';
import type { AgentSession, TaskCommit } from './session';
import type { Task } from './task';

/** What was measured for a task so far: shown while it runs and in the stop prompt. */
export interface TaskFacts {
  /** Union of the agents' active stretches within the task's span; undefined without measured sessions. */
  readonly aiMinutes: number | undefined;
  readonly supMinutes: number;
  readonly wallMinutes: number;
  readonly sessions: number;
  readonly agents: readonly string[];
  /** Where the AI minutes came from, e.g. `claude records`, `terminal`; empty without a measurement. */
  readonly aiSources: readonly string[];
  readonly commits: number;
  readonly files: number;
  readonly insertions: number;
  readonly deletions: number;
}

/** Sessions that measured work inside the task's span: terminal output or the agent's own records. */
function measuring(task: Task, sessions: readonly AgentSession[], now: number): AgentSession[] {
  const end = task.stoppedAt ?? now;
  return sessions.filter(
    (s) => s.measuredBy === 'shell-integration' || (s.measuredBy === 'records' && clip(s.active, task.startedAt, end).length > 0),
  );
}

/**
 * AI minutes of a task: the union of every session's active stretches (terminal output and the
 * agents' records alike), clipped to the task's span. Several agents working at once, or one agent
 * seen both in a terminal and in its transcript, count once. Sessions seen only as a terminal's
 * lifetime cannot tell working from waiting, so they add nothing.
 */
export function measuredAiMinutes(task: Task, sessions: readonly AgentSession[], now: number): number | undefined {
  const measured = measuring(task, sessions, now);
  if (measured.length === 0) return undefined;
  const end = task.stoppedAt ?? now;
  return (
    coveredMs(
      clip(
        measured.flatMap((s) => s.active),
        task.startedAt,
        end,
      ),
    ) / 60_000
  );
}

/** Names the sources of the AI minutes: `<agent> records` per agent read from its records, `terminal` for terminal timing. */
export function aiSources(task: Task, sessions: readonly AgentSession[], now: number): string[] {
  const names = measuring(task, sessions, now).map((s) => (s.measuredBy === 'records' ? `${s.agent} records` : 'terminal'));
  return [...new Set(names)].sort((a, b) => (a === 'terminal' ? 1 : b === 'terminal' ? -1 : a.localeCompare(b)));
}

/** Adds up the facts of a task from its sessions, commits and attention intervals. */
export function taskFacts(
  task: Task,
  sessions: readonly AgentSession[],
  commits: readonly TaskCommit[],
  attention: readonly Interval[],
  now: number,
): TaskFacts {
  const end = task.stoppedAt ?? now;
  return {
    aiMinutes: measuredAiMinutes(task, sessions, now),
    supMinutes: coveredMs(clip(union(attention), task.startedAt, end)) / 60_000,
    wallMinutes: Math.max(0, end - task.startedAt) / 60_000,
    sessions: sessions.length,
    agents: [...new Set(sessions.map((s) => s.agent))].sort(),
    aiSources: aiSources(task, sessions, now),
    commits: commits.length,
    files: commits.reduce((n, c) => n + c.files, 0),
    insertions: commits.reduce((n, c) => n + c.insertions, 0),
    deletions: commits.reduce((n, c) => n + c.deletions, 0),
  };
}
