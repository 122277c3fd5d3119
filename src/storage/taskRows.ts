import type { SqlValue } from 'sql.js';
import type { SecondOpinion } from '../domain/secondOpinion';
import type { FigureSource, Task } from '../domain/task';
import type { TokenDetail } from '../domain/tokens';

/** Columns the upsert writes (a legacy layout has them all too). */
const UPSERT_COLUMNS =
  'id, title, workspace, started_at, stopped_at, human_hours, ai_minutes, ai_source, sup_minutes, sup_source, tokens, tokens_source, updated_at, deleted_at, tokens_detail, ai_via, opinion_low, opinion_median, opinion_high, opinion_count';

/** Columns of the tasks table in the order every SELECT uses: the upsert's, then the origin machine. */
export const TASK_COLUMNS = `${UPSERT_COLUMNS}, machine_id, machine_name`;

/**
 * Upsert that keeps the newer copy: when two windows changed the same task, the change with the
 * later `updated_at` wins, whichever window saves last.
 */
export const UPSERT_TASK = `INSERT INTO tasks (${UPSERT_COLUMNS})
  VALUES ($id, $title, $workspace, $started_at, $stopped_at, $human_hours, $ai_minutes, $ai_source, $sup_minutes, $sup_source, $tokens, $tokens_source, $updated_at, $deleted_at, $tokens_detail, $ai_via, $opinion_low, $opinion_median, $opinion_high, $opinion_count)
  ON CONFLICT(id) DO UPDATE SET
    title = excluded.title, workspace = excluded.workspace, started_at = excluded.started_at,
    stopped_at = excluded.stopped_at, human_hours = excluded.human_hours,
    ai_minutes = excluded.ai_minutes, ai_source = excluded.ai_source,
    sup_minutes = excluded.sup_minutes, sup_source = excluded.sup_source,
    tokens = excluded.tokens, tokens_source = excluded.tokens_source, updated_at = excluded.updated_at,
    deleted_at = excluded.deleted_at, tokens_detail = excluded.tokens_detail, ai_via = excluded.ai_via,
    opinion_low = excluded.opinion_low, opinion_median = excluded.opinion_median,
    opinion_high = excluded.opinion_high, opinion_count = excluded.opinion_count
  WHERE excluded.updated_at >= tasks.updated_at`;

/**
 * Names the machine a task came from. A task's origin never changes, so this only writes when a
 * task from another machine first arrives (and never counts as a change otherwise).
 */
export const SET_TASK_MACHINE = `UPDATE tasks SET machine_id = $machine_id, machine_name = $machine_name
  WHERE id = $id AND machine_id IS NOT $machine_id`;

/** Named parameters for SET_TASK_MACHINE. */
export function machineParams(t: Task): Record<string, SqlValue> {
  return { $id: t.id, $machine_id: t.machine?.id ?? null, $machine_name: t.machine?.name ?? null };
}

const SOURCES: readonly FigureSource[] = ['measured', 'user', 'imported', 'wallclock'];

/** Named parameters for UPSERT_TASK. */
export function taskParams(t: Task): Record<string, SqlValue> {
  return {
    $id: t.id,
    $title: t.title,
    $workspace: t.workspace,
    $started_at: t.startedAt,
    $stopped_at: t.stoppedAt ?? null,
    $human_hours: t.humanHours ?? null,
    $ai_minutes: t.aiMinutes ?? null,
    $ai_source: t.aiSource ?? null,
    $sup_minutes: t.supMinutes ?? null,
    $sup_source: t.supSource ?? null,
    $tokens: t.tokens ?? null,
    $tokens_source: t.tokensSource ?? null,
    $updated_at: t.updatedAt,
    $deleted_at: t.deletedAt ?? null,
    $tokens_detail: t.tokensDetail ? JSON.stringify(t.tokensDetail) : null,
    $ai_via: t.aiVia ?? null,
    $opinion_low: t.opinion?.low ?? null,
    $opinion_median: t.opinion?.median ?? null,
    $opinion_high: t.opinion?.high ?? null,
    $opinion_count: t.opinion?.count ?? null,
  };
}

function num(v: SqlValue): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function source(v: SqlValue): FigureSource | undefined {
  return SOURCES.find((s) => s === v);
}

/** Reads the stored token split; anything malformed reads as none. */
function detail(v: SqlValue): TokenDetail | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const d = JSON.parse(v) as Partial<TokenDetail>;
    const ok = ['input', 'output', 'cacheCreation', 'cacheRead'].every((k) => typeof d[k as keyof TokenDetail] === 'number');
    if (!ok || typeof d.models !== 'object' || d.models === null) return undefined;
    // Details saved before the cost estimate existed have no cost fields.
    return {
      ...(d as TokenDetail),
      costUsd: typeof d.costUsd === 'number' ? d.costUsd : 0,
      unpricedModels: Array.isArray(d.unpricedModels) ? d.unpricedModels : [],
    };
  } catch {
    return undefined;
  }
}

/** Builds a Task from a row selected with TASK_COLUMNS. */
export function taskFromRow(row: SqlValue[]): Task {
  const [
    id,
    title,
    workspace,
    startedAt,
    stoppedAt,
    humanHours,
    aiMinutes,
    aiSource,
    supMinutes,
    supSource,
    tokens,
    tokensSource,
    updatedAt,
    deletedAt,
    tokensDetail,
    aiVia,
    opinionLow,
    opinionMedian,
    opinionHigh,
    opinionCount,
    machineId,
    machineName,
  ] = row;
  return {
    id: String(id),
    title: String(title),
    workspace: String(workspace ?? ''),
    startedAt: Number(startedAt),
    stoppedAt: num(stoppedAt),
    humanHours: num(humanHours),
    aiMinutes: num(aiMinutes),
    aiSource: source(aiSource),
    supMinutes: num(supMinutes),
    supSource: source(supSource),
    tokens: num(tokens),
    tokensSource: source(tokensSource),
    updatedAt: Number(updatedAt),
    deletedAt: num(deletedAt),
    tokensDetail: detail(tokensDetail),
    ...(typeof aiVia === 'string' ? { aiVia } : {}),
    ...opinionOf([opinionLow, opinionMedian, opinionHigh, opinionCount]),
    ...(typeof machineId === 'string'
      ? { machine: { id: machineId, name: typeof machineName === 'string' ? machineName : machineId } }
      : {}),
  };
}

/** The stored second opinion, as an optional field: all four columns, or none. */
function opinionOf([low, median, high, count]: SqlValue[]): { opinion?: SecondOpinion } {
  if (typeof low !== 'number' || typeof median !== 'number' || typeof high !== 'number' || typeof count !== 'number') return {};
  return { opinion: { low, median, high, count } };
}
