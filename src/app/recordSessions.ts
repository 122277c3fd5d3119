import type { Clock } from '../domain/clock';
import type { AgentSession } from '../domain/session';
import type { Task } from '../domain/task';
import { isInsideAny } from '../domain/tokens';
import { mergeTurns, recordSessionId, type AgentTurn } from '../domain/turns';
import { Emitter } from './events';
import type { SessionRepository, TaskRepository } from './ports';
import type { WorkspaceFolders } from './tokenService';

/** A prompt this recent is an agent starting now, worth asking about; older ones are history being read. */
const FRESH_MS = 120_000;

function sameSession(a: AgentSession, b: AgentSession): boolean {
  return (
    a.cwd === b.cwd &&
    a.endedAt === b.endedAt &&
    JSON.stringify(a.active) === JSON.stringify(b.active) &&
    JSON.stringify(a.prompts) === JSON.stringify(b.prompts)
  );
}

/**
 * Agent sessions seen in the agents' own records (transcripts, rollouts): the turns the log
 * readers find become one stored session per agent session, whose active stretches are the union
 * of its turns. They are attributed like tokens: activity inside a task's span, working folder
 * inside the window's workspace folders.
 */
export class RecordSessions {
  /** Sessions written by this window, so a rescan compares in memory instead of reading the row. */
  private readonly known = new Map<string, AgentSession>();
  private readonly asked = new Set<string>();
  /** Fires after stored sessions changed. */
  readonly onDidChange = new Emitter<void>();
  /** Fires when an agent starts a turn in this workspace's folders while no task runs. */
  readonly onUnattributedStart = new Emitter<AgentSession>();

  constructor(
    private readonly store: SessionRepository & Pick<TaskRepository, 'running'>,
    private readonly clock: Clock,
    private readonly workspace: WorkspaceFolders,
  ) {}

  /** Merges turns read from one log file; `fallbackId` names the session when the records give none. Returns sessions changed. */
  ingest(turns: readonly AgentTurn[], fallbackId: string): number {
    const groups = new Map<string, AgentTurn[]>();
    for (const turn of turns) {
      const id = recordSessionId(turn.agent, turn.sessionId ?? fallbackId);
      const group = groups.get(id);
      if (group) group.push(turn);
      else groups.set(id, [turn]);
    }
    let changed = 0;
    const now = this.clock.now();
    for (const [id, group] of groups) {
      const existing = this.known.get(id) ?? this.store.session(id);
      const merged = mergeTurns(existing, group, id, now);
      this.known.set(id, merged);
      if (existing !== undefined && sameSession(existing, merged)) continue;
      this.store.putSession(merged);
      changed++;
      this.maybeAsk(merged, group, now);
    }
    if (changed > 0) this.onDidChange.fire();
    return changed;
  }

  /** The record sessions that belong to a task of this window's workspace (clipping to its span is the caller's). */
  ofTask(task: Task): AgentSession[] {
    if (task.workspace !== this.workspace.key || this.workspace.folders.length === 0) return [];
    const sessions = this.store.recordSessionsBetween(task.startedAt, task.stoppedAt ?? this.clock.now());
    return sessions.filter((s) => this.inWorkspace(s));
  }

  private inWorkspace(s: AgentSession): boolean {
    const cwd = s.cwd;
    return cwd !== undefined && isInsideAny(cwd, this.workspace.folders);
  }

  /** An agent seen only through its records started working here with no task running: ask once per session. */
  private maybeAsk(session: AgentSession, turns: readonly AgentTurn[], now: number): void {
    const fresh = turns.find((t) => t.prompted && now - t.start < FRESH_MS);
    if (
      fresh === undefined ||
      this.asked.has(session.id) ||
      !this.inWorkspace(session) ||
      this.store.running(this.workspace.key) !== undefined
    )
      return;
    this.asked.add(session.id);
    // A task started from the prompt begins at this turn, not when a resumed session first ran.
    this.onUnattributedStart.fire({ ...session, startedAt: fresh.start });
  }
}
