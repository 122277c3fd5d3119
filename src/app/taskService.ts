import type { Clock } from '../domain/clock';
import { aiSources, measuredAiMinutes, taskFacts, type TaskFacts } from '../domain/measure';
import type { SecondOpinion } from '../domain/secondOpinion';
import type { AgentSession, TaskCommit } from '../domain/session';
import { createTask, editedAt, isRunning, normaliseTitle, roundMinutes, stopTask, type Task } from '../domain/task';
import type { AgentSessions } from './agentSessions';
import { Emitter } from './events';
import type { IdSource, Store } from './ports';
import type { Supervision } from './supervision';
import type { Outcome } from '../domain/outcome';

/** Sessions a task gets from the agents' own records (see RecordSessions). */
export interface RecordSessionSource {
  ofTask(task: Task): AgentSession[];
}

/** The user's answers when stopping: the estimate and optional corrections of the measured minutes. */
export interface StopAnswers {
  readonly humanHours: number;
  readonly aiMinutes?: number;
  readonly supMinutes?: number;
}

/** Starts and stops the tasks of one workspace and reports what was measured for them. */
export class TaskService {
  /** Fires after every change to tasks or their measurements. */
  readonly onDidChange = new Emitter<void>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly workspace: string,
    private readonly sessions: AgentSessions,
    private readonly supervision: Supervision,
    private readonly records: RecordSessionSource = { ofTask: () => [] },
  ) {
    sessions.onDidChange.on(() => this.onDidChange.fire());
  }

  /** Every session of a task: terminal ones attached to it, and those its workspace's records show in its span. */
  private sessionsOf(task: Task): AgentSession[] {
    return [...this.sessions.ofTask(task.id), ...this.records.ofTask(task)];
  }

  /** The task running in this workspace, if any. */
  running(): Task | undefined {
    return this.store.running(this.workspace);
  }

  /**
   * Starts a task; refuses a blank title or a second running task. Agents already running
   * without a task join it. `startedAt` lets a task begin when an agent did.
   */
  start(rawTitle: string, startedAt?: number): Outcome<Task> {
    const title = normaliseTitle(rawTitle);
    if (!title.ok) return title;
    const current = this.running();
    if (current) return { ok: false, message: `"${current.title}" is still running. Stop it before starting another task.` };
    const now = this.clock.now();
    const task = createTask(this.ids.newId(), title.value, this.workspace, Math.min(startedAt ?? now, now));
    this.store.put(task);
    this.sessions.attachOpenTo(task.id);
    this.onDidChange.fire();
    return { ok: true, value: task };
  }

  /** What has been measured for a task (live while it runs). */
  facts(task: Task): TaskFacts {
    const sessions = this.sessionsOf(task);
    return taskFacts(
      task,
      sessions,
      this.store.commitsOfTask(task.id),
      this.supervision.intervalsWithPrompts(task, sessions),
      this.clock.now(),
    );
  }

  /** Saves the running task's measurements so far (called on a timer; a reload then loses nothing). */
  checkpoint(): void {
    const task = this.running();
    if (!task) return;
    this.sessions.persistOpen();
    this.supervision.persist(task);
  }

  /** Stops the running task with the user's answers and the opinion worked out before them (`StopTask` saves it, with its tokens, at once). */
  stop(answers: StopAnswers, opinion?: SecondOpinion): Outcome<Task> {
    const current = this.running();
    if (!current || !isRunning(current)) return { ok: false, message: 'No task is running.' };
    this.checkpoint();
    const now = this.clock.now();
    const facts = this.facts({ ...current, stoppedAt: now });
    const stopped = stopTask(current, now, {
      humanHours: answers.humanHours,
      measuredAiMinutes: facts.aiMinutes,
      measuredAiVia: facts.aiSources.join(' + ') || undefined,
      measuredSupMinutes: facts.supMinutes,
      userAiMinutes: answers.aiMinutes,
      userSupMinutes: answers.supMinutes,
      opinion,
    });
    this.store.put(stopped);
    this.onDidChange.fire();
    return { ok: true, value: stopped };
  }

  /**
   * Replaces the commits of one repository linked to a running task with `commits` (all commits
   * made since it started); returns how many are linked. Only a running task takes commits.
   */
  linkCommits(taskId: string, repo: string, commits: readonly Omit<TaskCommit, 'taskId' | 'repo'>[]): number {
    const task = this.store.get(taskId);
    if (!task || !isRunning(task)) return 0;
    const linked = commits.map((c): TaskCommit => ({
      taskId,
      repo,
      hash: c.hash,
      subject: c.subject,
      authoredAt: c.authoredAt,
      files: c.files,
      insertions: c.insertions,
      deletions: c.deletions,
    }));
    const before = this.store
      .commitsOfTask(taskId)
      .filter((c) => c.repo === repo)
      .map((c) => c.hash)
      .sort()
      .join();
    if (
      before !==
      linked
        .map((c) => c.hash)
        .sort()
        .join()
    ) {
      this.store.replaceCommits(taskId, repo, linked);
      this.onDidChange.fire();
    }
    return linked.length;
  }

  /** Attaches stored sessions to a task; a stopped task's measured (or wall-clock) AI minutes are recomputed. */
  attachSessions(sessionIds: readonly string[], taskId: string): Outcome<Task> {
    const task = this.store.get(taskId);
    if (!task) return { ok: false, message: 'That task no longer exists.' };
    this.sessions.attach(sessionIds, taskId);
    // Figures the user typed or imported stay as they are; only measured or wall-clock ones are redone.
    if (isRunning(task) || task.aiSource === 'user' || task.aiSource === 'imported') return { ok: true, value: task };
    const sessions = this.sessionsOf(task);
    const ai = measuredAiMinutes(task, sessions, this.clock.now());
    if (ai === undefined) return { ok: true, value: task };
    const aiVia = aiSources(task, sessions, this.clock.now()).join(' + ');
    const updated: Task = {
      ...task,
      aiMinutes: roundMinutes(ai),
      aiSource: 'measured',
      aiVia,
      updatedAt: editedAt(task, this.clock.now()),
    };
    this.store.put(updated);
    this.onDidChange.fire();
    return { ok: true, value: updated };
  }

  /** Tells listeners that the data changed outside this service (e.g. saved by another window). */
  externalChange(): void {
    this.onDidChange.fire();
  }
}
