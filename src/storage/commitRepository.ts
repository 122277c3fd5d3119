import type { CommitRepository } from '../app/ports';
import type { TaskCommit } from '../domain/session';
import { COMMIT_COLUMNS, commitFromRow, commitParams } from './sessionRows';
import type { SyncedDatabase } from './syncedDatabase';

const DELETE = 'DELETE FROM commits WHERE task_id = ? AND repo = ?';
const INSERT = `INSERT OR REPLACE INTO commits (${COMMIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const OF_TASK = `SELECT ${COMMIT_COLUMNS} FROM commits WHERE task_id = ? ORDER BY authored_at, hash`;
const COUNTS = 'SELECT task_id, count(*) FROM commits GROUP BY task_id';
const BETWEEN = `SELECT ${COMMIT_COLUMNS} FROM commits WHERE task_id >= ? AND task_id <= ? ORDER BY task_id, authored_at, hash`;

/** Commits linked to tasks, over the synced database. */
export class SqliteCommits implements CommitRepository {
  constructor(private readonly core: SyncedDatabase) {}

  replaceCommits(taskId: string, repo: string, commits: readonly TaskCommit[]): void {
    this.core.change(() => {
      this.core.run(DELETE, [taskId, repo]);
      for (const commit of commits) this.core.run(INSERT, commitParams(commit));
    });
  }

  commitsOfTask(taskId: string): TaskCommit[] {
    return this.core.all(OF_TASK, [taskId], commitFromRow);
  }

  /** The commits of the tasks whose ids lie in [firstId, lastId], grouped by task (one query per page of the sync file). */
  commitsBetween(firstId: string, lastId: string): TaskCommit[] {
    return this.core.all(BETWEEN, [firstId, lastId], commitFromRow);
  }

  commitCounts(): Map<string, number> {
    return new Map(this.core.all(COUNTS, [], (row) => [String(row[0]), Number(row[1])] as const));
  }
}
