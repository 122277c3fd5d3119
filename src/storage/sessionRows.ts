import type { SqlValue } from 'sql.js';
import { coveredMs, type Interval } from '../domain/intervals';
import type { AgentSession, TaskCommit } from '../domain/session';

/** Session columns in the order every statement uses. */
export const SESSION_COLUMNS =
  'id, task_id, agent, workspace, started_at, ended_at, active, exit_code, measured_by, updated_at, cwd, prompts';

/** Upsert keeping the newer copy (see UPSERT_TASK). */
export const UPSERT_SESSION = `INSERT INTO sessions (${SESSION_COLUMNS}, active_ms)
  VALUES ($id, $task_id, $agent, $workspace, $started_at, $ended_at, $active, $exit_code, $measured_by, $updated_at, $cwd, $prompts, $active_ms)
  ON CONFLICT(id) DO UPDATE SET
    task_id = excluded.task_id, agent = excluded.agent, workspace = excluded.workspace,
    started_at = excluded.started_at, ended_at = excluded.ended_at, active = excluded.active,
    active_ms = excluded.active_ms, exit_code = excluded.exit_code, measured_by = excluded.measured_by,
    updated_at = excluded.updated_at, cwd = excluded.cwd, prompts = excluded.prompts
  WHERE excluded.updated_at >= sessions.updated_at`;

/** Intervals are stored compactly as JSON `[[start, end], ...]`. */
export function intervalsToJson(intervals: readonly Interval[]): string {
  return JSON.stringify(intervals.map((i) => [i.start, i.end]));
}

/** Reads intervals written by intervalsToJson; anything malformed reads as no intervals. */
export function intervalsFromJson(text: SqlValue): Interval[] {
  try {
    const raw: unknown = JSON.parse(String(text));
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
      .map(([start, end]) => ({ start, end }));
  } catch {
    return [];
  }
}

/** Named parameters for UPSERT_SESSION. */
export function sessionParams(s: AgentSession): Record<string, SqlValue> {
  return {
    $id: s.id,
    $task_id: s.taskId ?? null,
    $agent: s.agent,
    $workspace: s.workspace,
    $started_at: s.startedAt,
    $ended_at: s.endedAt ?? null,
    $active: intervalsToJson(s.active),
    $exit_code: s.exitCode ?? null,
    $measured_by: s.measuredBy,
    $updated_at: s.updatedAt,
    $cwd: s.cwd ?? null,
    $prompts: s.prompts === undefined ? null : JSON.stringify(s.prompts),
    $active_ms: Math.round(coveredMs(s.active)),
  };
}

/** Builds a session from a row selected with SESSION_COLUMNS. */
export function sessionFromRow(row: SqlValue[]): AgentSession {
  const [id, taskId, agent, workspace, startedAt, endedAt, active, exitCode, measuredBy, updatedAt, cwd, prompts] = row;
  return {
    id: String(id),
    taskId: taskId === null ? undefined : String(taskId),
    agent: String(agent),
    workspace: String(workspace ?? ''),
    startedAt: Number(startedAt),
    endedAt: typeof endedAt === 'number' ? endedAt : undefined,
    active: intervalsFromJson(active),
    exitCode: typeof exitCode === 'number' ? exitCode : undefined,
    measuredBy: measuredBy === 'terminal-lifetime' || measuredBy === 'records' ? measuredBy : 'shell-integration',
    updatedAt: Number(updatedAt),
    ...(typeof cwd === 'string' ? { cwd } : {}),
    ...(typeof prompts === 'string' ? { prompts: instantsFromJson(prompts) } : {}),
  };
}

/** Reads a JSON list of instants; anything malformed reads as none. */
function instantsFromJson(text: string): number[] {
  try {
    const raw: unknown = JSON.parse(text);
    return Array.isArray(raw) ? raw.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
  } catch {
    return [];
  }
}

/** Commit columns in the order every statement uses. */
export const COMMIT_COLUMNS = 'task_id, repo, hash, subject, authored_at, files, insertions, deletions';

/** Positional parameters for an INSERT of COMMIT_COLUMNS. */
export function commitParams(c: TaskCommit): SqlValue[] {
  return [c.taskId, c.repo, c.hash, c.subject, c.authoredAt, c.files, c.insertions, c.deletions];
}

/** Builds a commit from a row selected with COMMIT_COLUMNS. */
export function commitFromRow(row: SqlValue[]): TaskCommit {
  const [taskId, repo, hash, subject, authoredAt, files, insertions, deletions] = row;
  return {
    taskId: String(taskId),
    repo: String(repo),
    hash: String(hash),
    subject: String(subject),
    authoredAt: Number(authoredAt),
    files: Number(files),
    insertions: Number(insertions),
    deletions: Number(deletions),
  };
}
