import type { Database } from 'sql.js';

/**
 * Ordered schema migrations; entry i upgrades `PRAGMA user_version` i to i + 1. Append only:
 * never edit a migration that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     workspace TEXT NOT NULL DEFAULT '',
     started_at INTEGER NOT NULL,
     stopped_at INTEGER,
     human_hours REAL,
     ai_minutes REAL,
     ai_source TEXT,
     sup_minutes REAL,
     sup_source TEXT,
     tokens INTEGER,
     tokens_source TEXT,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX tasks_started_at ON tasks(started_at);
   CREATE INDEX tasks_running ON tasks(workspace) WHERE stopped_at IS NULL;`,
  // Agent sessions (never their output or command line), commits linked to tasks, and the
  // supervisory attention intervals of running tasks (so a window reload loses none).
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     task_id TEXT,
     agent TEXT NOT NULL,
     workspace TEXT NOT NULL DEFAULT '',
     started_at INTEGER NOT NULL,
     ended_at INTEGER,
     active_ms INTEGER NOT NULL,
     active TEXT NOT NULL,
     exit_code INTEGER,
     measured_by TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_task ON sessions(task_id);
   CREATE TABLE commits (
     task_id TEXT NOT NULL,
     repo TEXT NOT NULL,
     hash TEXT NOT NULL,
     subject TEXT NOT NULL,
     authored_at INTEGER NOT NULL,
     files INTEGER NOT NULL,
     insertions INTEGER NOT NULL,
     deletions INTEGER NOT NULL,
     PRIMARY KEY (task_id, hash)
   );
   CREATE TABLE attention (
     task_id TEXT PRIMARY KEY,
     intervals TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // Soft deletion: a deleted task keeps its row so undo works and other windows see the deletion.
  `ALTER TABLE tasks ADD COLUMN deleted_at INTEGER;`,
  // Token usage read from agent logs (kept: agents delete old logs), the scanner's per-file
  // progress, and the token split of each task.
  `CREATE TABLE token_usage (
     key TEXT PRIMARY KEY,
     agent TEXT NOT NULL,
     timestamp INTEGER NOT NULL,
     session_id TEXT,
     cwd TEXT,
     model TEXT,
     input INTEGER NOT NULL,
     output INTEGER NOT NULL,
     cache_creation INTEGER NOT NULL,
     cache_read INTEGER NOT NULL
   );
   CREATE INDEX token_usage_time ON token_usage(timestamp);
   CREATE TABLE log_files (path TEXT PRIMARY KEY, checkpoint TEXT NOT NULL);
   ALTER TABLE tasks ADD COLUMN tokens_detail TEXT;`,
  // Agent sessions read from the agents' own records (measured_by = 'records'): one row per agent
  // session with its merged turns, attributed by working folder and time like token usage; and
  // where each task's measured AI minutes came from.
  `ALTER TABLE sessions ADD COLUMN cwd TEXT;
   ALTER TABLE sessions ADD COLUMN prompts TEXT;
   CREATE INDEX sessions_records ON sessions(ended_at) WHERE measured_by = 'records';
   ALTER TABLE tasks ADD COLUMN ai_via TEXT;`,
  // Token usage in a bounded form (see usageRepository.ts): per-response rows keyed by a 53-bit
  // hash of the response key with interned names, hour sums for usage past the horizon, and the
  // watermark up to which it was compacted. These tables are used in the usage file; the rows of
  // token_usage move there in batches after opening (usageFile.ts), leaving that table empty.
  `CREATE TABLE usage_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
   CREATE TABLE usage_recent (
     id INTEGER PRIMARY KEY, timestamp INTEGER NOT NULL,
     agent INTEGER NOT NULL, cwd INTEGER NOT NULL, model INTEGER NOT NULL,
     input INTEGER NOT NULL, output INTEGER NOT NULL, cache_creation INTEGER NOT NULL, cache_read INTEGER NOT NULL
   );
   CREATE INDEX usage_recent_time ON usage_recent(timestamp);
   CREATE TABLE usage_sums (
     bucket INTEGER NOT NULL,
     agent INTEGER NOT NULL, cwd INTEGER NOT NULL, model INTEGER NOT NULL,
     input INTEGER NOT NULL, output INTEGER NOT NULL, cache_creation INTEGER NOT NULL, cache_read INTEGER NOT NULL,
     PRIMARY KEY (bucket, agent, cwd, model)
   ) WITHOUT ROWID;
   CREATE TABLE usage_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);`,
  // The second opinion shown beside the estimate when a task stopped (secondOpinion.ts): the
  // middle half of what similar past tasks took, its median, and how many tasks it rests on.
  `ALTER TABLE tasks ADD COLUMN opinion_low REAL;
   ALTER TABLE tasks ADD COLUMN opinion_median REAL;
   ALTER TABLE tasks ADD COLUMN opinion_high REAL;
   ALTER TABLE tasks ADD COLUMN opinion_count INTEGER;`,
  // The machine a task was recorded on, for tasks read from another machine's sync file (NULL:
  // recorded here). Set once, when such a task first arrives (RecordSync.take, SET_TASK_MACHINE).
  `ALTER TABLE tasks ADD COLUMN machine_id TEXT;
   ALTER TABLE tasks ADD COLUMN machine_name TEXT;`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Reads the schema version stored in the database. */
export function schemaVersion(db: Database): number {
  const result = db.exec('PRAGMA user_version');
  return Number(result[0]?.values[0]?.[0] ?? 0);
}

/** Brings the database up to `target` (SCHEMA_VERSION unless a benchmark builds an older layout); each step runs in its own transaction. */
export function migrate(db: Database, target = SCHEMA_VERSION): void {
  for (let version = schemaVersion(db); version < target; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]);
      // PRAGMA takes no bound parameters; the value is our own integer, never input.
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}
