/** A computer (or remote host, container, Codespace) that keeps its own record. */
export interface Machine {
  /** A UUID created once per machine and kept with its record. */
  readonly id: string;
  /** A name people recognise, e.g. the host name. */
  readonly name: string;
}

/** A machine id as created (a lowercase UUID): it names a file in the sync folder, so nothing else passes. */
export const MACHINE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longer machine names are cut to this many characters. */
const NAME_MAX = 200;

/** A machine as read from a file: an id as created and a name that is not blank (cut to NAME_MAX), or undefined. */
export function asMachine(raw: unknown): Machine | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { id, name } = raw as { id?: unknown; name?: unknown };
  if (typeof id !== 'string' || !MACHINE_ID.test(id) || typeof name !== 'string' || name.trim() === '') return undefined;
  return { id, name: name.slice(0, NAME_MAX) };
}

/** The machine a task was recorded on: its own origin, or `self` for tasks recorded here. */
export function originOf(task: { readonly machine?: Machine }, self: Machine): Machine {
  return task.machine ?? self;
}

/** This machine first, then `others` by name, each once (a machine renamed meanwhile may come twice). */
export function machinesOf(others: readonly Machine[], self: Machine): Machine[] {
  const byId = new Map<string, Machine>();
  for (const m of others) if (m.id !== self.id && !byId.has(m.id)) byId.set(m.id, m);
  return [self, ...[...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))];
}
