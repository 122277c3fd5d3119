import { AttentionTracker } from '../domain/attention';
import type { Clock } from '../domain/clock';
import { clip, union, type Interval } from '../domain/intervals';
import type { AgentSession } from '../domain/session';
import type { Task } from '../domain/task';
import { promptCredits } from '../domain/turns';
import type { AttentionRepository } from './ports';

/** What the activity watcher reports; see README "What counts as supervisory time". */
export type ActivityKind = 'edit' | 'selection' | 'scroll' | 'terminal-focus' | 'terminal-command' | 'editor-focus';

/**
 * Supervisory time of this window: attention intervals from activity signals, merged with what
 * earlier windows (before a reload) saved for the running task.
 */
export class Supervision {
  private readonly tracker: AttentionTracker;
  private lastSaved = '';

  constructor(
    private readonly store: AttentionRepository,
    private readonly clock: Clock,
    private readonly idleTimeoutMs: () => number,
  ) {
    this.tracker = new AttentionTracker(idleTimeoutMs);
  }

  /** The human did something in this window. */
  activity(_kind: ActivityKind): void {
    this.tracker.activity(this.clock.now());
  }

  /** The window gained or lost focus, or VS Code's own user-activity state changed. */
  focus(focused: boolean): void {
    this.tracker.focus(this.clock.now(), focused);
  }

  /** Attention intervals within the task's span, saved ones included. */
  intervalsFor(task: Task): Interval[] {
    const end = task.stoppedAt ?? this.clock.now();
    return union(clip([...this.store.attentionOfTask(task.id), ...this.tracker.intervals(this.clock.now())], task.startedAt, end));
  }

  /** Attention within the task's span plus the credit of the prompts its agents' records show (see promptCredits). */
  intervalsWithPrompts(task: Task, sessions: readonly AgentSession[]): Interval[] {
    const end = task.stoppedAt ?? this.clock.now();
    return union([...this.intervalsFor(task), ...clip(promptCredits(sessions, this.idleTimeoutMs()), task.startedAt, end)]);
  }

  /** Saves the task's attention so far, so a window reload loses none; unchanged attention is not rewritten. */
  persist(task: Task): void {
    const intervals = this.intervalsFor(task);
    const key = `${task.id}:${JSON.stringify(intervals)}`;
    if (key === this.lastSaved) return;
    this.lastSaved = key;
    this.store.putAttention(task.id, intervals, this.clock.now());
  }
}
