import type { Clock } from '../domain/clock';
import type { Task } from '../domain/task';
import { attributeUsage, tokenTotal, type TokenDetail } from '../domain/tokens';
import type { Store, UsageRepository } from './ports';
import type { TaskService } from './taskService';

/** How far back a scan re-attributes tokens: logs can arrive after a task stopped. */
const RECENT_MS = 7 * 24 * 3_600_000;

/** The folders of this window's workspace, which decide whose usage belongs to its tasks. */
export interface WorkspaceFolders {
  /** The key tasks are stored under (see container.workspaceKey). */
  readonly key: string;
  /** Absolute folder paths. */
  readonly folders: readonly string[];
}

function sameDetail(a: TokenDetail | undefined, b: TokenDetail | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Attributes token usage to tasks: usage whose timestamp falls inside a task's span and whose
 * working folder lies inside the task's workspace folders counts for that task.
 */
export class TokenService {
  constructor(
    private readonly store: Store,
    private readonly usage: UsageRepository,
    private readonly clock: Clock,
    private readonly service: TaskService,
    private readonly workspace: WorkspaceFolders,
  ) {}

  /** The token split a task gets from the stored usage; undefined when none is attributable. */
  detailFor(task: Task): TokenDetail | undefined {
    if (task.workspace !== this.workspace.key || this.workspace.folders.length === 0) return undefined;
    return attributeUsage(this.usage.usageBetween(task.startedAt, task.stoppedAt ?? this.clock.now()), this.workspace.folders);
  }

  /** Recomputes one task's measured tokens; never overwrites tokens the user entered or imported. */
  assign(task: Task): Task {
    // A task from another machine was measured there, from that machine's logs, even when its workspace has the same key.
    if (task.machine || task.tokensSource === 'user' || task.tokensSource === 'imported') return task;
    const detail = this.detailFor(task);
    if (sameDetail(detail, task.tokensDetail)) return task;
    const updated: Task = {
      ...task,
      tokens: detail ? tokenTotal(detail) : undefined,
      tokensSource: detail ? 'measured' : undefined,
      tokensDetail: detail,
      updatedAt: this.clock.now(),
    };
    this.store.put(updated);
    return updated;
  }

  /** After a scan: re-attributes this workspace's running and recently stopped tasks. */
  refreshRecent(): number {
    const now = this.clock.now();
    let changed = 0;
    for (const task of this.store.list({ from: now - RECENT_MS, to: now + 1 })) {
      if (task.workspace === this.workspace.key && this.assign(task) !== task) changed++;
    }
    if (changed > 0) this.service.onDidChange.fire();
    return changed;
  }
}
