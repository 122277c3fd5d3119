import type { RangeSpec } from '../domain/record';
import { isStopped, type Task } from '../domain/task';
import type { Store } from './ports';
import { resolveRange, type WeekStart } from './ranges';
import type { TaskService } from './taskService';

/** A running task's live figures: measured AI minutes (or wall clock until an agent is seen) and sup. minutes. */
function withLiveFigures(task: Task, service: TaskService): Task {
  if (isStopped(task)) return task;
  const facts = service.facts(task);
  return {
    ...task,
    aiMinutes: facts.aiMinutes ?? facts.wallMinutes,
    aiSource: facts.aiMinutes === undefined ? 'wallclock' : 'measured',
    supMinutes: facts.supMinutes,
    supSource: 'measured',
  };
}

/** Tasks of a range, running ones with live figures. */
export function tasksInRange(
  store: Store,
  service: TaskService,
  range: RangeSpec,
  now: number,
  weekStartsOn: WeekStart,
): { tasks: Task[]; label: string } {
  const resolved = resolveRange(range, now, weekStartsOn);
  const tasks = store
    .list(range.kind === 'all' ? undefined : { from: resolved.from, to: resolved.to })
    .map((t) => withLiveFigures(t, service));
  return { tasks, label: resolved.label };
}
