/** Marks lines written by the extension-host test run, so launchers can tell them from workbench noise. */
export const HOST_LINE_PREFIX = '[host] ';

/** Prints a figure or note from inside the extension host so that it reaches the launcher's output. */
export function hostLog(message: string): void {
  console.log(`${HOST_LINE_PREFIX}${message}`);
}
