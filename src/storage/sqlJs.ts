import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/** Loads sql.js once, finding `sql-wasm.wasm` in `wasmDir` (next to the bundle in production). */
export function loadSqlJs(wasmDir: string): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: (file: string) => path.join(wasmDir, file) });
  return loading;
}
