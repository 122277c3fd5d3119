import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import initSqlJs from 'sql.js';
import { HISTORY_LIMIT } from '../../src/app/secondOpinions';
import { secondOpinion, type TaskShape } from '../../src/domain/secondOpinion';
import { migrate } from '../../src/storage/migrations';
import { SqliteTaskStore } from '../../src/storage/sqliteStore';
import { heldOutScore, syntheticHistory } from '../support/syntheticHistory';
import { median } from '../../src/domain/secondOpinion';
import { insertHeavyYearTasks } from './store/heavyYear';
import { report } from './report';

const RUNS = 30;

/**
 * The second opinion at stop over a heavy user's year (10,000 stopped tasks, two commits each):
 * the history query and the nearest-neighbour pass, for several history bounds, each the median
 * and the worst of 30 runs with the statement cache emptied before each (as after every save).
 * Then the model's accuracy on held-out tasks of the synthetic history the unit test uses.
 */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leverage-opinion-bench-'));
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  migrate(db);
  insertHeavyYearTasks(db);
  const file = path.join(dir, 'leverage.sqlite');
  fs.writeFileSync(file, db.export());
  db.close();
  const { store } = await SqliteTaskStore.open(SQL, { file, saveDelayMs: 1e9 });
  const shape: TaskShape = { title: 'Add the export of reports', aiMinutes: 14, commits: 2, files: 6, lines: 300, tokens: 2_000_000 };
  for (const limit of [500, 1_000, 2_000, 5_000, 10_000]) {
    const query: number[] = [];
    const model: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      store.put({ id: 'touch', title: 'x', workspace: '', startedAt: 0, updatedAt: run }); // a change, so the save below exports
      await store.flush(); // frees every prepared statement, as each save in the extension host does
      let t0 = performance.now();
      const past = store.pastTasks(limit);
      query.push(performance.now() - t0);
      t0 = performance.now();
      secondOpinion(past, shape);
      model.push(performance.now() - t0);
    }
    const total = query.map((q, i) => q + model[i]);
    const label = `opinion over the newest ${limit.toLocaleString('en')} of 10,000 tasks${limit === HISTORY_LIMIT ? ' (used)' : ''}`;
    report(
      label,
      `query ${median(query).toFixed(1)} + model ${median(model).toFixed(1)} ms (worst total ${Math.max(...total).toFixed(1)} ms)`,
    );
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const score = heldOutScore(syntheticHistory(400, 7), syntheticHistory(200, 8));
  report('held-out median miss, model (400 train, 200 test)', `×${Math.exp(score.modelError).toFixed(2)}`);
  report('held-out median miss, history median (baseline)', `×${Math.exp(score.baselineError).toFixed(2)}`);
  report('held-out tasks inside the middle-half range', `${(score.inRange * 100).toFixed(0)} %`);
}

void main();
