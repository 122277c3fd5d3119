/** A computer (or remote host, container, Codespace) that keeps its own record. */
export interface Machine {
  /** A UUID created once per machine and kept with its record. */
  readonly id: string;
  /** A name people recognise, e.g. the host name. */
  readonly name: string;
}

/** The machine a task was recorded on: its own origin, or `self` for tasks recorded here. */
export function originOf(task: { readonly machine?: Machine }, self: Machine): Machine {
  return task.machine ?? self;
}

/** The machines in a list of tasks, `self` first, then the others by name (each once). */
export function machinesOf(tasks: readonly { readonly machine?: Machine }[], self: Machine): Machine[] {
  const others = new Map<string, Machine>();
  for (const t of tasks) if (t.machine && t.machine.id !== self.id && !others.has(t.machine.id)) others.set(t.machine.id, t.machine);
  return [self, ...[...others.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))];
}
