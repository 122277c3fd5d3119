import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { ChildConfig, Edit } from './child';

const CHILD = path.join(__dirname, 'child.js');
const running = new Set<ChildProcess>();

/** Kills children a failed test left running (they would keep writing and hold the disk busy). */
export function killStragglers(): void {
  for (const proc of running) proc.kill('SIGKILL');
  running.clear();
}

/** A message a child printed. */
export type Line = Record<string, unknown> & {
  ack?: string[];
  edits?: Edit[];
  notice?: string;
  error?: string;
  opened?: boolean;
  tasks?: number;
};

/** A running child "window" and everything it printed. */
export class Child {
  readonly lines: Line[] = [];
  readonly exited: Promise<number | null>;
  private readonly proc: ChildProcess;
  private waiters: (() => void)[] = [];

  constructor(config: ChildConfig) {
    this.proc = spawn(process.execPath, [CHILD, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'inherit'] });
    running.add(this.proc);
    let buffered = '';
    this.proc.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        this.lines.push(JSON.parse(buffered.slice(0, nl)) as Line);
        buffered = buffered.slice(nl + 1);
      }
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.proc.on('exit', (code) => {
        running.delete(this.proc);
        this.wake();
        resolve(code);
      }),
    );
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Every task id a resolved flush acknowledged. */
  get acked(): string[] {
    return this.lines.flatMap((l) => l.ack ?? []);
  }

  /** Every acknowledged edit of a shared task. */
  get edits(): Edit[] {
    return this.lines.flatMap((l) => l.edits ?? []);
  }

  /** What this window would have shown the user. */
  get told(): string[] {
    return this.lines.flatMap((l) => [l.notice, l.error].filter((m): m is string => typeof m === 'string'));
  }

  /** Resolves once a printed line satisfies `test`; fails after `ms` or if the process exits first. */
  async waitFor(test: (line: Line) => boolean, ms: number, what: string): Promise<Line> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.lines.find(test);
      if (found) return found;
      if (this.proc.exitCode !== null || this.proc.signalCode !== null)
        throw new Error(`child exited before ${what}: ${JSON.stringify(this.lines.slice(-3))}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(this.lines.slice(-3))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the child finished normally; fails on a fatal error or a timeout. */
  async done(ms: number): Promise<void> {
    await this.waitFor((l) => l.done === true || l.fatal !== undefined, ms, 'done');
    const fatal = this.lines.find((l) => l.fatal !== undefined);
    assert.equal(fatal, undefined, `${String(fatal?.fatal)}; told: ${this.told.join(' | ')}`);
    await this.exited;
  }

  signal(sig: NodeJS.Signals): void {
    this.proc.kill(sig);
  }

  /** Sends one line to the child (its cue that the disk has room again). */
  go(): void {
    this.proc.stdin!.write('go\n');
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}

let sql: Promise<SqlJsStatic> | undefined;

/** What is on disk: the record's tasks (id → title), after an integrity check. */
export async function readRecord(file: string): Promise<Map<string, string>> {
  sql ??= initSqlJs();
  const db = new (await sql).Database(fs.readFileSync(file));
  try {
    assert.equal(db.exec('PRAGMA quick_check')[0].values[0][0], 'ok', `${file} passes the integrity check`);
    const rows = db.exec('SELECT id, title FROM tasks')[0]?.values ?? [];
    return new Map(rows.map((r) => [String(r[0]), String(r[1])]));
  } finally {
    db.close();
  }
}

/** Temp files saves left next to the record. */
export function leftoverTemps(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}

/** A fresh folder for one test's record. */
export function freshDir(prefix: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `leverage-faults-${prefix}-`));
  return { dir, file: path.join(dir, 'leverage.sqlite') };
}

/** Asserts every acknowledged id is in the record and no id appears that nobody wrote. */
export function assertAllPresent(record: Map<string, string>, acked: readonly string[]): void {
  const missing = acked.filter((id) => !record.has(id));
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${acked.length} acknowledged tasks missing`);
}

/** Asserts each shared task holds its newest acknowledged edit. */
export function assertNewestEditsWin(record: Map<string, string>, edits: readonly Edit[]): void {
  const newest = new Map<string, Edit>();
  for (const e of edits) if ((newest.get(e.id)?.updatedAt ?? -1) < e.updatedAt) newest.set(e.id, e);
  for (const [id, edit] of newest) assert.equal(record.get(id), edit.title, `${id} holds its newest edit`);
}
