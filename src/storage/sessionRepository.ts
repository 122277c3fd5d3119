import type { SessionRepository } from '../app/ports';
import type { AgentSession } from '../domain/session';
import { SESSION_COLUMNS, sessionFromRow, sessionParams, UPSERT_SESSION } from './sessionRows';
import type { SyncedDatabase } from './syncedDatabase';

const OF_TASK = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id = ? ORDER BY started_at, id`;
// Sessions from the agents' records are attributed by folder and time, never attached by hand.
const UNATTRIBUTED = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id IS NULL AND measured_by <> 'records' ORDER BY started_at DESC, id`;
const BY_ID = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`;
const RECORDS_BETWEEN = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE measured_by = 'records' AND ended_at >= ? AND started_at <= ? ORDER BY started_at, id`;

/** Agent sessions over the synced database. */
export class SqliteSessions implements SessionRepository {
  constructor(private readonly core: SyncedDatabase) {}

  putSession(session: AgentSession): void {
    this.core.change(() => this.core.run(UPSERT_SESSION, sessionParams(session)));
  }

  sessionsOfTask(taskId: string): AgentSession[] {
    return this.core.all(OF_TASK, [taskId], sessionFromRow);
  }

  unattributedSessions(): AgentSession[] {
    return this.core.all(UNATTRIBUTED, [], sessionFromRow);
  }

  session(id: string): AgentSession | undefined {
    return this.core.all(BY_ID, [id], sessionFromRow)[0];
  }

  recordSessionsBetween(from: number, to: number): AgentSession[] {
    return this.core.all(RECORDS_BETWEEN, [from, to], sessionFromRow);
  }
}
