import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import type { FileStamp } from './durableFile';
import { withFileLock } from './fileLock';
import { keepAside } from './generations';
import { describe, newestSoundGeneration, readState } from './loadDatabase';
import { migrate, schemaVersion, SCHEMA_VERSION } from './migrations';

/** What the user must be told, e.g. that a damaged file was moved aside. */
export interface StoreNotice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
}

/** The state a store starts from. */
export interface OpenedRecord {
  readonly db: Database;
  /** The file content `db` was read from; undefined while the file is absent or not yet readable. */
  readonly stamp: FileStamp | undefined;
  /** True when the file must be written at once (new, migrated, restored). */
  readonly mustWrite: boolean;
  /** False when the file at `stamp` is a damaged one: it must not become the `.bak` generation. */
  readonly diskSound?: boolean;
  /** Set when this window must never write (the file is from a newer version). */
  readonly readOnly?: string;
  readonly notice?: StoreNotice;
}

/**
 * Opens the record without ever failing: whatever sits at the path (nothing, a sound file, an
 * empty or damaged file, a folder, an unreadable file, a newer schema), the window gets a
 * database to work with and, when something was wrong, a notice naming the file, what happened,
 * where the original went and what to do. Nothing is lost: a damaged file is kept aside, an
 * unreadable one is left alone, a missing one is restored from its newest sound backup.
 */
export async function openRecord(sql: SqlJsStatic, file: string): Promise<OpenedRecord> {
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const state = await readState(sql, file);
    switch (state.kind) {
      case 'absent':
        return await fromAbsent(sql, file);
      case 'sound':
        return fromSound(state.db, state.stamp, file);
      case 'unreadable':
        return fromUnreadable(sql, file, state.reason);
      case 'damaged':
        return await withFileLock(file, () => recoverDamaged(sql, file));
    }
  } catch (err) {
    return {
      db: fresh(sql),
      stamp: undefined,
      mustWrite: true,
      notice: {
        level: 'error',
        message: `Leverage Record cannot use ${file}: ${describe(err)}. This window keeps your changes in memory and saves them as soon as the file can be written; check that the folder exists and is writable.`,
      },
    };
  }
}

function fromSound(db: Database, stamp: FileStamp, file: string): OpenedRecord {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    const readOnly = newerSchemaMessage(file, version);
    return { db, stamp, mustWrite: false, readOnly, notice: { level: 'error', message: readOnly } };
  }
  migrate(db);
  return { db, stamp, mustWrite: version < SCHEMA_VERSION };
}

/** The file may be sound: leave it, show the newest backup meanwhile, merge into the file once it can be read. */
async function fromUnreadable(sql: SqlJsStatic, file: string, reason: string): Promise<OpenedRecord> {
  const generation = await newestSoundGeneration(sql, file);
  const usable = generation && generation.version <= SCHEMA_VERSION ? generation : undefined;
  const db = usable?.db ?? fresh(sql);
  migrate(db);
  const shown = usable ? `This window shows the backup ${usable.from} meanwhile` : 'This window starts from an empty record meanwhile';
  return {
    db,
    stamp: undefined, // never equal to the file's: the first save reads the file and merges into it
    mustWrite: false,
    notice: {
      level: 'error',
      message: `Leverage Record cannot read ${file}: ${reason}. The file was left as it is. ${shown}; your changes are kept in memory and merged into the file as soon as it can be read and written. Fix the file's permissions (e.g. chmod u+rw "${file}").`,
    },
  };
}

/** Under the lock: moves a damaged file aside and restores the newest sound generation. */
async function recoverDamaged(sql: SqlJsStatic, file: string): Promise<OpenedRecord> {
  // Another window may have repaired the file while we waited for the lock.
  const state = await readState(sql, file);
  if (state.kind !== 'damaged') return state.kind === 'sound' ? fromSound(state.db, state.stamp, file) : openRecord(sql, file);
  const generation = await newestSoundGeneration(sql, file);
  if (generation && generation.version > SCHEMA_VERSION) {
    const readOnly = `${file} ${state.reason}, and its newest backup ${generation.from} was written by a newer version of Leverage Record. Nothing was changed on disk and this window does not save; update the extension.`;
    return { db: generation.db, stamp: state.stamp, mustWrite: false, readOnly, notice: { level: 'error', message: readOnly } };
  }
  const { aside, stillThere } = await keepAside(file);
  const db = generation?.db ?? fresh(sql);
  migrate(db);
  const restored = generation
    ? `Restored the previous copy from ${generation.from}.`
    : 'No sound backup was found, so this is a new, empty record.';
  return {
    db,
    stamp: stillThere ? state.stamp : undefined, // the first save replaces the damaged file in one rename
    mustWrite: true,
    diskSound: false,
    notice: {
      level: 'warning',
      message: `The Leverage Record database ${file} ${state.reason}. It was moved to ${aside} (kept as it was, for inspection or repair). ${restored} You can keep working.`,
    },
  };
}

/** No record file: a new record, unless backups show there was one (then the newest sound one is restored). */
async function fromAbsent(sql: SqlJsStatic, file: string): Promise<OpenedRecord> {
  const generation = await newestSoundGeneration(sql, file);
  if (!generation || generation.version > SCHEMA_VERSION) return { db: fresh(sql), stamp: undefined, mustWrite: true };
  migrate(generation.db);
  return {
    db: generation.db,
    stamp: undefined,
    mustWrite: true,
    notice: {
      level: 'warning',
      message: `The Leverage Record database ${file} was missing. Restored the previous copy from ${generation.from}. To start an empty record on purpose, remove its backups (${path.basename(file)}.bak, ${path.basename(file, '.sqlite')}.backup-*.sqlite) too.`,
    },
  };
}

/** The reason a window stops writing a file another version migrated. */
export function newerSchemaMessage(file: string, version: number): string {
  return `${file} was written by a newer version of Leverage Record (schema ${version}, this window knows ${SCHEMA_VERSION}); changes in this window are not saved. Update the extension or reload the window.`;
}

function fresh(sql: SqlJsStatic): Database {
  const db = new sql.Database();
  migrate(db);
  return db;
}
