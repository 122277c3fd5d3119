import type { HistoryRepository } from '../app/ports';
import type { PastTask } from '../domain/secondOpinion';
import type { SqlSession } from './sqlSession';

/**
 * The newest estimated tasks (by start, over the `tasks_started_at` index) joined with their
 * commits, summed per task in the same statement: one query for the whole history, never one per
 * task. The commits' primary key begins with `task_id`, so the join is an index lookup per task.
 */
const PAST_TASKS = `SELECT t.title, t.human_hours, t.ai_minutes, t.tokens,
    count(c.hash), coalesce(sum(c.files), 0), coalesce(sum(c.insertions + c.deletions), 0)
  FROM (SELECT id, title, human_hours, ai_minutes, tokens, started_at FROM tasks
        WHERE stopped_at IS NOT NULL AND deleted_at IS NULL AND human_hours > 0
        ORDER BY started_at DESC LIMIT ?) AS t
  LEFT JOIN commits AS c ON c.task_id = t.id
  GROUP BY t.id
  ORDER BY t.started_at DESC`;

/** The history the second opinion draws on, over the synced database. */
export class SqliteHistory implements HistoryRepository {
  constructor(private readonly sql: SqlSession) {}

  pastTasks(limit: number): PastTask[] {
    return this.sql.all(PAST_TASKS, [limit], ([title, hours, aiMinutes, tokens, commits, files, lines]) => ({
      hours: Number(hours),
      shape: {
        title: String(title),
        aiMinutes: typeof aiMinutes === 'number' ? aiMinutes : undefined,
        tokens: typeof tokens === 'number' ? tokens : undefined,
        commits: Number(commits),
        files: Number(files),
        lines: Number(lines),
      },
    }));
  }
}
