import * as vscode from 'vscode';
import type { StopPrompt } from '../app/stopTask';
import type { StopAnswers } from '../app/taskService';
import { parseEstimate, parseMinutes } from '../domain/estimate';
import { formatFactor, formatHours, formatMinutes } from '../domain/format';
import { leverageFactor } from '../domain/leverage';
import type { TaskFacts } from '../domain/measure';
import { describeOpinion, type SecondOpinion } from '../domain/secondOpinion';
import { normaliseTitle, type Task } from '../domain/task';
import { describeFacts } from './factsText';

/** Asks for a new task's title; undefined when the user cancels. */
export function askTitle(value?: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Start a Leverage Record task',
    prompt: 'What are you working on?',
    placeHolder: 'e.g. Add CSV export with tests',
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const result = normaliseTitle(text);
      return result.ok ? undefined : result.message;
    },
  });
}

const CORRECT_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('edit'),
  tooltip: 'Correct the measured AI / sup. minutes',
};

/** What the stop prompt shows while it is open: read by the test hooks, which cannot see the workbench. */
export interface ShownStopPrompt {
  readonly prompt: string;
  readonly placeholder: string;
  readonly value: string;
}

let shownStopBox: vscode.InputBox | undefined;

/** The stop prompt's text while it is shown; undefined otherwise. */
export function shownStopPrompt(): ShownStopPrompt | undefined {
  const box = shownStopBox;
  return box && { prompt: box.prompt ?? '', placeholder: box.placeholder ?? '', value: box.value };
}

/**
 * The stop prompt: shows the measured facts and the second opinion of the user's own history
 * (beside the box, never in it: the estimate stays the user's), asks "how many hours by hand?"
 * with live validation and a live leverage preview, and offers a button to correct the measured
 * minutes. Resolves undefined on Escape (the task then keeps running).
 */
export async function askStop({ task, facts, opinion }: StopPrompt): Promise<StopAnswers | undefined> {
  let corrected: { aiMinutes?: number; supMinutes?: number } = {};
  for (;;) {
    const shown: TaskFacts = {
      ...facts,
      aiMinutes: corrected.aiMinutes ?? facts.aiMinutes,
      supMinutes: corrected.supMinutes ?? facts.supMinutes,
    };
    const answer = await estimateBox(task, shown, opinion);
    if (answer === undefined) return undefined;
    if (answer !== 'correct') return { humanHours: answer, ...corrected };
    corrected = { ...corrected, ...(await askCorrections(shown)) };
  }
}

function estimateBox(task: Task, facts: TaskFacts, opinion: SecondOpinion | undefined): Promise<number | 'correct' | undefined> {
  const aiMinutes = facts.aiMinutes ?? facts.wallMinutes;
  const box = vscode.window.createInputBox();
  box.title = `Stop "${task.title}"`;
  const second = opinion ? ` Your history: ${describeOpinion(opinion)}.` : '';
  box.prompt = `${describeFacts(facts)}.${second} How many hours would this take a senior engineer by hand?`;
  box.placeholder = '8, 8h, 1.5h, 90m, 1h30m';
  box.ignoreFocusOut = true;
  box.buttons = [CORRECT_BUTTON];
  const validate = (value: string): void => {
    if (value.trim() === '') {
      box.validationMessage = undefined;
      return;
    }
    const result = parseEstimate(value);
    box.validationMessage = result.ok
      ? {
          message: `${formatHours(result.value)} by hand → ${formatFactor(leverageFactor(result.value, aiMinutes))} leverage`,
          severity: vscode.InputBoxValidationSeverity.Info,
        }
      : { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
  };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (value: number | 'correct' | undefined): void => {
      if (settled) return;
      settled = true;
      shownStopBox = undefined;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue(validate);
    box.onDidTriggerButton(() => settle('correct'));
    box.onDidAccept(() => {
      const result = parseEstimate(box.value);
      if (result.ok) settle(result.value);
      else box.validationMessage = { message: result.message, severity: vscode.InputBoxValidationSeverity.Error };
    });
    box.onDidHide(() => settle(undefined));
    shownStopBox = box;
    box.show();
  });
}

async function askCorrections(facts: TaskFacts): Promise<{ aiMinutes?: number; supMinutes?: number }> {
  const ask = (what: string, current: number | undefined): Thenable<string | undefined> =>
    vscode.window.showInputBox({
      title: `Correct ${what}`,
      prompt: `${what} in minutes (measured: ${formatMinutes(current)}). Your value is kept and marked as corrected.`,
      value: current === undefined ? '' : String(Math.round(current)),
      ignoreFocusOut: true,
      validateInput: (text) => {
        const result = parseMinutes(text);
        return result.ok ? undefined : result.message;
      },
    });
  const out: { aiMinutes?: number; supMinutes?: number } = {};
  const ai = await ask('AI time', facts.aiMinutes ?? facts.wallMinutes);
  const aiParsed = ai === undefined ? undefined : parseMinutes(ai);
  if (aiParsed?.ok) out.aiMinutes = aiParsed.value;
  const sup = await ask('supervisory time', facts.supMinutes);
  const supParsed = sup === undefined ? undefined : parseMinutes(sup);
  if (supParsed?.ok) out.supMinutes = supParsed.value;
  return out;
}
