import type { AttentionRepository } from '../app/ports';
import type { Interval } from '../domain/intervals';
import { intervalsFromJson, intervalsToJson } from './sessionRows';
import type { SyncedDatabase } from './syncedDatabase';

const UPSERT = `INSERT INTO attention (task_id, intervals, updated_at) VALUES (?, ?, ?)
  ON CONFLICT(task_id) DO UPDATE SET intervals = excluded.intervals, updated_at = excluded.updated_at
  WHERE excluded.updated_at >= attention.updated_at`;
const OF_TASK = 'SELECT intervals FROM attention WHERE task_id = ?';

/** Supervisory attention intervals of tasks, over the synced database. */
export class SqliteAttention implements AttentionRepository {
  constructor(private readonly core: SyncedDatabase) {}

  putAttention(taskId: string, intervals: readonly Interval[], updatedAt: number): void {
    this.core.change(() => this.core.run(UPSERT, [taskId, intervalsToJson(intervals), updatedAt]));
  }

  attentionOfTask(taskId: string): Interval[] {
    return this.core.all(OF_TASK, [taskId], (row) => intervalsFromJson(row[0]))[0] ?? [];
  }
}
