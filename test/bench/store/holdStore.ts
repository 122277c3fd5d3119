import * as fs from 'node:fs';
import initSqlJs from 'sql.js';
import { replaceVerified } from '../../../src/storage/durableFile';
import { SqliteTaskStore } from '../../../src/storage/sqliteStore';
import { openUsageFile, usageFileOf } from '../../../src/storage/usageFile';
import { YEAR_END, YEAR_START } from './heavyYear';

/**
 * A process holding one record file as a window does, then reporting its memory after a save and
 * a year's usage query: `legacy` loads the file as the old store did (it has no code of its own
 * any more), `store` opens the record and its usage file as the extension does. Run with
 * --expose-gc by runStoreBench.
 */
async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2);
  const SQL = await initSqlJs();
  if (mode === 'legacy') {
    const db = new SQL.Database(fs.readFileSync(file));
    db.exec('PRAGMA quick_check');
    db.exec('SELECT sum(input + output) FROM token_usage WHERE timestamp >= ? AND timestamp <= ?', [YEAR_START, YEAR_END]);
    await replaceVerified(file, db.export(), async () => true, true);
  } else {
    const { store } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 60_000 });
    const { store: usage, moved } = await openUsageFile(SQL, store, { file: usageFileOf(file), saveDelayMs: 60_000 });
    await moved;
    store.put({ id: 'memory-probe', title: 'probe', workspace: '', startedAt: YEAR_END, updatedAt: YEAR_END });
    await store.flush();
    usage.usageBetween(YEAR_START, YEAR_END);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20 }));
}

void main();
