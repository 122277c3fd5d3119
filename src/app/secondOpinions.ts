import type { TaskFacts } from '../domain/measure';
import { secondOpinion, type SecondOpinion, type TaskShape } from '../domain/secondOpinion';
import type { Task } from '../domain/task';
import type { HistoryRepository } from './ports';

/**
 * How many past tasks an opinion compares with: the most recent ones, which also reflect how the
 * user estimates now. It bounds the work at stop however long the record grows: over a heavy
 * user's year (10,000 tasks, 20,000 commits) the query and the neighbour pass take ~7 ms together
 * for 1,000 tasks, ~11 ms for 2,000 and ~65 ms for all (`node out/test/bench/runOpinionBench.js`).
 * Nine neighbours need far fewer than 1,000 tasks (the unit test's held-out figure uses 400).
 */
export const HISTORY_LIMIT = 1_000;

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
