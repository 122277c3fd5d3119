import type { Interval } from './intervals';

/** One run of an agent CLI in a terminal. Never holds output or the full command line. */
export interface AgentSession {
  readonly id: string;
  /** Agent name, e.g. `claude`. */
  readonly agent: string;
  /** The task it belongs to; undefined while unattributed. */
  readonly taskId?: string;
  readonly workspace: string;
  readonly startedAt: number;
  /** Undefined while the agent runs. */
  readonly endedAt?: number;
  /** Stretches in which the agent was producing output (idle gaps removed). */
  readonly active: readonly Interval[];
  readonly exitCode?: number;
  /** `shell-integration` when output was observed; `terminal-lifetime` when only open/close was seen. */
  readonly measuredBy: 'shell-integration' | 'terminal-lifetime';
  readonly updatedAt: number;
}

/** A commit made while a task ran. */
export interface TaskCommit {
  readonly taskId: string;
  /** Root folder of the repository. */
  readonly repo: string;
  readonly hash: string;
  /** First line of the message. */
  readonly subject: string;
  readonly authoredAt: number;
  readonly files: number;
  readonly insertions: number;
  readonly deletions: number;
}
