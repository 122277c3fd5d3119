import * as vscode from 'vscode';
import { parseEstimate } from '../domain/estimate';
import { formatFactor, formatHours, formatMinutes } from '../domain/format';
import { leverageFactor } from '../domain/leverage';
import { normaliseTitle, type Task } from '../domain/task';

/** Asks for a new task's title; undefined when the user cancels. */
export async function askTitle(): Promise<string | undefined> {
  const title = await vscode.window.showInputBox({
    title: 'Start a Leverage Record task',
    prompt: 'What are you working on?',
    placeHolder: 'e.g. Add CSV export with tests',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const result = normaliseTitle(value);
      return result.ok ? undefined : result.message;
    },
  });
  return title === undefined ? undefined : title;
}

/**
 * Asks "how many hours by hand?" with live validation and a live preview of the leverage the
 * answer gives; undefined when the user presses Escape (the task then keeps running).
 */
export async function askEstimate(task: Task, aiMinutes: number): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: `Stop "${task.title}" · AI ${formatMinutes(aiMinutes)} (wall clock)`,
    prompt: 'How many hours would this take a senior engineer by hand?',
    placeHolder: '8, 8h, 1.5h, 90m, 1h30m',
    ignoreFocusOut: true,
    validateInput: (value): vscode.InputBoxValidationMessage | undefined => {
      if (value.trim() === '') return undefined;
      const result = parseEstimate(value);
      if (!result.ok) return { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
      const factor = formatFactor(leverageFactor(result.hours, aiMinutes));
      return { message: `${formatHours(result.hours)} by hand → ${factor} leverage`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (answer === undefined) return undefined;
  const parsed = parseEstimate(answer);
  // Enter on an empty box: the validator stayed quiet so the user can think; say what is needed.
  if (!parsed.ok) {
    void vscode.window.showWarningMessage(`${parsed.message} The task is still running.`);
    return undefined;
  }
  return parsed.hours;
}
