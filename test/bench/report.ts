/** Prints one bench figure beside its name; a bench reports, it never asserts. */
export function report(name: string, value: string, width = 58): void {
  console.log(`${name.padEnd(width)} ${value}`);
}
