import type { Interval } from './intervals';

/**
 * One agent session: a run of an agent CLI in a terminal, or a session seen in the agent's own
 * records (transcripts, rollouts). Never holds output, prompts or the full command line.
 */
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
  /**
   * `shell-integration` when terminal output was observed; `terminal-lifetime` when only open/close
   * was seen; `records` when the stretches are the turns in the agent's own records.
   */
  readonly measuredBy: 'shell-integration' | 'terminal-lifetime' | 'records';
  /** Working folder from the records, which decides the workspace it belongs to (records only). */
  readonly cwd?: string;
  /** Instants the human sent a prompt (records only), a sign of directing the work. */
  readonly prompts?: readonly number[];
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
