import type { TaskFacts } from '../domain/measure';
import { secondOpinion, type SecondOpinion, type TaskShape } from '../domain/secondOpinion';
import type { Task } from '../domain/task';
import type { HistoryRepository } from './ports';

/**
 * How many past tasks an opinion compares with: the most recent ones, which also reflect how the
 * user estimates now. It bounds the work at stop (one query and one pass over them) however long
 * the record grows; 2,000 tasks is half a heavy user's year.
 */
export const HISTORY_LIMIT = 2_000;

/** The shape a task will be stored with if it stops now: AI minutes fall back to the wall clock, as on stop. */
export function shapeAtStop(task: Task, facts: TaskFacts): TaskShape {
  return {
    title: task.title,
    aiMinutes: facts.aiMinutes ?? facts.wallMinutes,
    tokens: task.tokens,
    commits: facts.commits,
    files: facts.files,
    lines: facts.insertions + facts.deletions,
  };
}

/** The second opinion on an estimate, from the user's own recent history. */
export class SecondOpinions {
  constructor(
    private readonly history: HistoryRepository,
    private readonly limit = HISTORY_LIMIT,
  ) {}

  /** What similar past tasks took, for a task about to stop with these facts; undefined with too little history. */
  forStop(task: Task, facts: TaskFacts): SecondOpinion | undefined {
    return secondOpinion(this.history.pastTasks(this.limit), shapeAtStop(task, facts));
  }
}
