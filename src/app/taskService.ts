import type { Clock } from '../domain/clock';
import { createTask, isRunning, normaliseTitle, stopTask, type Task } from '../domain/task';
import type { IdSource, TaskRepository } from './ports';

/** Outcome of a use case that the user may have to be told about. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** Starts and stops tasks for one workspace. */
export class TaskService {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly repo: TaskRepository,
    private readonly clock: Clock,
    private readonly ids: IdSource,
    private readonly workspace: string,
  ) {}

  /** The task running in this workspace, if any. */
  running(): Task | undefined {
    return this.repo.running(this.workspace);
  }

  /** Starts a task; refuses a blank title or a second running task. */
  start(rawTitle: string): Outcome<Task> {
    const title = normaliseTitle(rawTitle);
    if (!title.ok) return title;
    const current = this.running();
    if (current) return { ok: false, message: `"${current.title}" is still running. Stop it before starting another task.` };
    const task = createTask(this.ids.newId(), title.title, this.workspace, this.clock.now());
    this.repo.put(task);
    this.changed();
    return { ok: true, value: task };
  }

  /** Stops the running task with the human estimate in hours and saves at once. */
  async stop(humanHours: number): Promise<Outcome<Task>> {
    const current = this.running();
    if (!current || !isRunning(current)) return { ok: false, message: 'No task is running.' };
    const stopped = stopTask(current, this.clock.now(), humanHours);
    this.repo.put(stopped);
    await this.repo.flush();
    this.changed();
    return { ok: true, value: stopped };
  }

  /** Calls `listener` after every change this service makes; returns an unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners that the data changed outside this service (e.g. saved by another window). */
  externalChange(): void {
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
