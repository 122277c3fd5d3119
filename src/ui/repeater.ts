/** A repeating timer whose period is read again on `restart()`, so a changed setting applies at once. */
export class Repeater {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly run: () => void,
    private readonly periodMs: () => number,
  ) {
    this.restart();
  }

  /** Starts over with the current period. */
  restart(): void {
    clearInterval(this.timer);
    this.timer = setInterval(this.run, this.periodMs());
  }

  /** Stops the timer for good. */
  dispose(): void {
    clearInterval(this.timer);
  }
}
