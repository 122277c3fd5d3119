import type { Clock } from '../domain/clock';
import { ActivityStretches } from '../domain/intervals';
import type { AgentSession } from '../domain/session';
import { Emitter } from './events';
import type { IdSource, Store } from './ports';

/** Handle the terminal watcher keeps for one running agent. */
export interface SessionHandle {
  readonly id: string;
  /** Output arrived now. Hot path: called for every terminal chunk, so O(1) and no I/O. */
  output(): void;
  /** The agent's command finished (exit code undefined when the shell could not tell). */
  end(exitCode: number | undefined): void;
}

interface OpenSession {
  session: AgentSession;
  readonly stretches: ActivityStretches;
  /** Active ms at the last save; a checkpoint skips sessions that have not moved since. */
  savedActiveMs: number;
}

/**
 * Open agent sessions of this window: measures their active time, attributes them to the running
 * task of the workspace, and persists them (at start, every so often, at end) so a reload or a
 * crash loses at most a few seconds.
 */
export class AgentSessions {
  private readonly open = new Map<string, OpenSession>();
  /** Fires on session start/end/attach, never per output chunk. */
  readonly onDidChange = new Emitter<void>();
  /** Fires when an agent starts, with or without a task. */
  readonly onDidStart = new Emitter<AgentSession>();
  /** Fires when an agent starts while no task runs. */
  readonly onUnattributedStart = new Emitter<AgentSession>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly workspace: string,
    /** Read at each session start, so a changed setting applies to the next agent. */
    private readonly idleThresholdMs: () => number,
  ) {}

  /** An agent started in a terminal. */
  started(agent: string, measuredBy: AgentSession['measuredBy']): SessionHandle {
    const now = this.clock.now();
    const taskId = this.store.running(this.workspace)?.id;
    const session: AgentSession = {
      id: this.ids.newId(),
      agent,
      taskId,
      workspace: this.workspace,
      startedAt: now,
      active: [],
      measuredBy,
      updatedAt: now,
    };
    const entry: OpenSession = { session, stretches: new ActivityStretches(this.idleThresholdMs()), savedActiveMs: 0 };
    this.open.set(session.id, entry);
    this.store.putSession(session);
    this.onDidChange.fire();
    this.onDidStart.fire(session);
    if (!taskId) this.onUnattributedStart.fire(session);
    return {
      id: session.id,
      output: () => entry.stretches.output(this.clock.now()),
      end: (exitCode) => this.end(session.id, exitCode),
    };
  }

  /** Sessions of a task, open ones with their live active stretches. */
  ofTask(taskId: string): AgentSession[] {
    const live = [...this.open.values()].filter((e) => e.session.taskId === taskId).map((e) => this.snapshot(e));
    const liveIds = new Set(live.map((s) => s.id));
    return [...this.store.sessionsOfTask(taskId).filter((s) => !liveIds.has(s.id)), ...live];
  }

  /** Attaches sessions still running without a task to `taskId` (the user just started one). */
  attachOpenTo(taskId: string): void {
    for (const entry of this.open.values()) {
      if (entry.session.taskId === undefined) {
        entry.session = { ...entry.session, taskId };
        this.store.putSession(this.snapshot(entry));
      }
    }
    this.onDidChange.fire();
  }

  /** Attaches stored sessions (e.g. picked by the user later) to a task. */
  attach(sessionIds: readonly string[], taskId: string): void {
    const stored = new Map(this.store.unattributedSessions().map((s) => [s.id, s]));
    for (const id of sessionIds) {
      const entry = this.open.get(id);
      if (entry) {
        entry.session = { ...entry.session, taskId };
        this.store.putSession(this.snapshot(entry));
        continue;
      }
      const session = stored.get(id);
      if (session) this.store.putSession({ ...session, taskId, updatedAt: this.clock.now() });
    }
    this.onDidChange.fire();
  }

  /**
   * Writes the progress of open sessions that had output since the last write (called on a timer
   * and before a task stops); an idle agent causes no save.
   */
  persistOpen(): void {
    for (const entry of this.open.values()) {
      const activeMs = entry.stretches.activeMs();
      if (activeMs === entry.savedActiveMs) continue;
      entry.savedActiveMs = activeMs;
      this.store.putSession(this.snapshot(entry));
    }
  }

  /** Number of agents running now. */
  get openCount(): number {
    return this.open.size;
  }

  private end(id: string, exitCode: number | undefined): void {
    const entry = this.open.get(id);
    if (!entry) return;
    this.open.delete(id);
    const now = this.clock.now();
    this.store.putSession({ ...this.snapshot(entry), endedAt: now, exitCode, updatedAt: now });
    this.onDidChange.fire();
  }

  private snapshot(entry: OpenSession): AgentSession {
    return { ...entry.session, active: entry.stretches.intervals(), updatedAt: this.clock.now() };
  }
}
