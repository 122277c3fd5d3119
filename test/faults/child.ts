import initSqlJs from 'sql.js';
import { io } from '../../src/storage/durableFile';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';

/**
 * One "window" of the fault suite: a real OS process driving the compiled store. It reports on
 * stdout, one JSON object per line: `opened` (with the notice and what it sees), `ack` (task ids
 * and edits a resolved flush put on disk), `error` / `notice` (what the user would be told),
 * `saving` (it is inside a save, writing the temp file), `done`.
 */
export interface ChildConfig {
  readonly file: string;
  /** Prefix of the task ids this process writes. */
  readonly name: string;
  /** Tasks to write; 0 only opens, reports and closes. */
  readonly count: number;
  /** Tasks per flush. */
  readonly batch: number;
  /** Every task also edits one of these shared tasks (newest edit must win). */
  readonly shared?: number;
  /** Sequence offset that makes this process's edit stamps unique and ordered. */
  readonly seq?: number;
  /**
   * Announce writes of a save's temp file: `hold` announces the first and holds still 500 ms (the
   * parent stops the process then), `each` announces every one (the parent kills the process then).
   */
  readonly announceSave?: 'hold' | 'each';
  /** After opening, wait for a line on stdin before writing (the window is open, the user acts later). */
  readonly startOnInput?: boolean;
  /** Failed flushes retried at once, as a window's next save would retry (default 0). */
  readonly retries?: number;
  /** After a failed flush, report `waiting` and retry once a line arrives on stdin; stop after that save. */
  readonly retryOnInput?: boolean;
  /** Give the disk this many bytes, then let every write make no progress (a full disk). */
  readonly diskBytes?: number;
  /** Title length, to fill a small disk quickly. */
  readonly titleLength?: number;
  /** Run as this user id (to make a root-owned file unreadable). */
  readonly uid?: number;
}

/** One acknowledged edit of a shared task. */
export interface Edit {
  readonly id: string;
  readonly title: string;
  readonly updatedAt: number;
}

const config = JSON.parse(process.argv[2]) as ChildConfig;

function emit(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let budget = config.diskBytes ?? Infinity;

/** Waits for the parent's go-ahead: the disk has room again. */
function nextLine(): Promise<void> {
  return new Promise((resolve) =>
    process.stdin.once('data', () => {
      budget = Infinity;
      resolve();
    }),
  );
}

function installDiskHooks(): void {
  const realWrite = io.write;
  let announced = false;
  io.write = async (handle, bytes, offset, length, position) => {
    if (config.announceSave === 'each' || (config.announceSave === 'hold' && !announced)) {
      emit({ saving: true });
      if (!announced) await new Promise((resolve) => setTimeout(resolve, config.announceSave === 'hold' ? 500 : 0));
      announced = true;
    }
    const n = Math.min(length, budget);
    budget -= n;
    return n === 0 ? { bytesWritten: 0 } : realWrite(handle, bytes, offset, n, position);
  };
}

async function main(): Promise<void> {
  if (config.uid !== undefined) {
    if (!process.setuid) throw new Error('setuid is not available on this platform');
    process.setuid(config.uid);
  }
  installDiskHooks();
  const sql = await initSqlJs();
  const { store, notice } = await SqliteTaskStore.open(sql, {
    file: config.file,
    saveDelayMs: 3_600_000, // only explicit flushes save, so every ack is exact
    onError: (err) => emit({ error: err instanceof Error ? err.message : String(err) }),
    onNotice: (n) => emit({ notice: n.message }),
  });
  emit({ opened: true, notice: notice?.message, tasks: store.list().length, readOnly: store.readOnly });
  if (config.startOnInput) await nextLine();
  const title = (i: number): string => `${config.name} ${i} `.padEnd(config.titleLength ?? 0, '·');
  let ids: string[] = [];
  let edits: Edit[] = [];
  for (let i = 0; i < config.count; i++) {
    const startedAt = Date.UTC(2026, 0, 1) + i * 1000;
    ids.push(`${config.name}-${i}`);
    store.put({ id: `${config.name}-${i}`, title: title(i), workspace: 'file:///faults', startedAt, updatedAt: startedAt });
    if (config.shared) {
      const edit = { id: `shared-${i % config.shared}`, title: `${config.name} edit ${i}`, updatedAt: i * 10 + (config.seq ?? 0) };
      edits.push(edit);
      store.put({ id: edit.id, title: edit.title, workspace: 'file:///faults', startedAt: 0, updatedAt: edit.updatedAt });
    }
    if (ids.length < config.batch && i < config.count - 1) continue;
    let failed = false;
    let retries = config.retries ?? 0;
    for (;;) {
      try {
        await store.flush();
        break;
      } catch {
        if (retries-- > 0) continue;
        if (!config.retryOnInput) throw new Error('flush failed');
        failed = true;
        emit({ waiting: true });
        await nextLine();
      }
    }
    emit({ ack: ids, edits });
    ids = [];
    edits = [];
    if (failed) break;
  }
  await store.close();
  emit({ done: true });
  process.exit(0);
}

main().catch((err: unknown) => {
  emit({ fatal: err instanceof Error ? err.stack : String(err) });
  process.exit(1);
});
