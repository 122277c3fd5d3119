import type { Store } from '../app/ports';
import type { WeekStart } from '../app/ranges';
import type { TaskEditor } from '../app/taskEditor';
import type { TaskService } from '../app/taskService';
import type { Clock } from '../domain/clock';
import type { Machine } from '../domain/machine';

/** What the panel and the record commands both work on. */
export interface RecordDeps {
  readonly store: Store;
  readonly service: TaskService;
  readonly editor: TaskEditor;
  readonly clock: Clock;
  readonly weekStartsOn: () => WeekStart;
  /** This machine, named in exports and the panel beside tasks from other machines. */
  readonly machine: Machine;
}
