import type { SessionRepository } from '../app/ports';
import type { AgentSession } from '../domain/session';
import { SESSION_COLUMNS, sessionFromRow, sessionParams, UPSERT_SESSION } from './sessionRows';
import type { SyncedDatabase } from './syncedDatabase';

const OF_TASK = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id = ? ORDER BY started_at, id`;
const UNATTRIBUTED = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE task_id IS NULL ORDER BY started_at DESC, id`;

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
}
