import type { WebviewRequest } from '../../src/shared/protocol';

/** What the page offers a request runner: the request itself and a status line. */
export interface RequestUi {
  request(request: WebviewRequest): Promise<unknown>;
  say(text: string): void;
}

/** Runs a request, reporting a failure in the status line; resolves whether it succeeded. */
export async function runRequest(ui: RequestUi, request: WebviewRequest, done?: string): Promise<boolean> {
  try {
    await ui.request(request);
    if (done) ui.say(done);
    return true;
  } catch (err) {
    ui.say((err as Error).message);
    return false;
  }
}

/** Deletes a task and, only once the host confirms it, offers to undo it. */
export async function deleteWithUndo(ui: RequestUi, taskId: string, offerUndo: () => void): Promise<void> {
  if (await runRequest(ui, { type: 'delete', taskId })) offerUndo();
}
