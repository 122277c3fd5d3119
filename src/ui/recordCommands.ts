import { format } from 'date-fns';
import * as vscode from 'vscode';
import type { Store } from '../app/ports';
import { parseDay } from '../app/ranges';
import { tasksInRange } from '../app/rangeTasks';
import type { Clock } from '../domain/clock';
import { tasksToCsv } from '../export/csv';
import { parseImport } from '../export/csvImport';
import { MARKDOWN_LAYOUTS, tasksToMarkdown } from '../export/markdown';
import type { RangeSpec } from '../shared/protocol';
import { stringField, uriArg } from './commandArgs';
import { config } from './config';
import type { RecordDeps } from './recordDeps';
import { errorMessage } from '../domain/errorMessage';
import { isStopped } from '../domain/task';

/** Export and import of the whole record: CSV out, Markdown out, CSV in. */
export class RecordCommands {
  private readonly store: Store;
  private readonly clock: Clock;

  constructor(
    private readonly deps: RecordDeps,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store = deps.store;
    this.clock = deps.clock;
  }

  /** `leverage.exportCsv` `{uri}`: every task, RFC 4180. */
  async exportCsv(arg?: unknown): Promise<vscode.Uri | undefined> {
    const target = uriArg(arg) ?? (await this.askTarget('CSV', 'csv'));
    if (!target) return undefined;
    const tasks = this.store.list();
    if (!(await this.write(target, tasksToCsv(tasks, this.deps.machine)))) return undefined;
    this.log.info(`Exported ${tasks.length} tasks to ${target.toString()}`);
    void vscode.window.showInformationMessage(`Exported ${tasks.length} task${tasks.length === 1 ? '' : 's'} to ${target.fsPath}`);
    return target;
  }

  /**
   * `leverage.exportMarkdown` `{uri, from, to, layout}` (ISO dates, inclusive; layout `published`
   * or `compact`, default the `leverage.markdown.layout` setting): the task log and aggregate
   * statistics. Without dates: `range` (the panel's), saved or copied as the user picks.
   */
  async exportMarkdown(arg: unknown, range: RangeSpec): Promise<vscode.Uri | string | undefined> {
    const from = stringField(arg, 'from');
    const to = stringField(arg, 'to') ?? from;
    if ((from && !parseDay(from)) || (to && !parseDay(to))) {
      void vscode.window.showErrorMessage('Leverage: "from" and "to" must be dates like 2026-11-24.');
      return undefined;
    }
    const chosen: RangeSpec = from && to ? { kind: 'custom', from, to } : range;
    const { tasks, label } = tasksInRange(this.store, this.deps.service, chosen, this.clock.now(), this.deps.weekStartsOn());
    const layout = MARKDOWN_LAYOUTS.find((l) => l === stringField(arg, 'layout')) ?? config.markdownLayout();
    const markdown = tasksToMarkdown(tasks, label, layout, this.deps.machine);
    let target = uriArg(arg);
    if (!target) {
      const choice = await vscode.window.showQuickPick(['Save as a Markdown file…', 'Copy to the clipboard'], {
        title: `Leverage Record — ${label}`,
      });
      if (!choice) return undefined;
      if (choice.startsWith('Copy')) {
        await vscode.env.clipboard.writeText(markdown);
        void vscode.window.showInformationMessage(`Copied the Leverage Record for ${label} (${tasks.filter(isStopped).length} tasks).`);
        return markdown;
      }
      target = await this.askTarget('Markdown', 'md');
      if (!target) return undefined;
    }
    if (!(await this.write(target, markdown))) return undefined;
    void vscode.window.showInformationMessage(`Saved the Leverage Record for ${label} to ${target.fsPath}`);
    return target;
  }

  /**
   * `leverage.importCsv` `{uri, badRows: 'importGood' | 'importNothing'}`: our own export (merged
   * by id) or a hand-kept record. Bad rows are listed with line numbers and the user chooses to
   * import the good rows or nothing; never a silent partial import.
   */
  async importCsv(arg?: unknown): Promise<{ added: number; skipped: number; errors: number } | undefined> {
    const uri =
      uriArg(arg) ??
      (
        await vscode.window.showOpenDialog({
          title: 'Import a Leverage Record CSV',
          filters: { 'CSV files': ['csv'] },
          canSelectMany: false,
        })
      )?.[0];
    if (!uri) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not read ${uri.fsPath}: ${errorMessage(err)}`);
      return undefined;
    }
    const parsed = parseImport(text, this.clock.now());
    for (const e of parsed.errors) this.log.warn(`Import ${uri.fsPath} line ${e.line}: ${e.reason}`);
    if (parsed.errors.length > 0) {
      const list = parsed.errors
        .slice(0, 8)
        .map((e) => `Line ${e.line}: ${e.reason}`)
        .join('\n');
      const more = parsed.errors.length > 8 ? `\n…and ${parsed.errors.length - 8} more (see the Output channel).` : '';
      const good = `Import the ${parsed.rows.length} good row${parsed.rows.length === 1 ? '' : 's'}`;
      const decided = stringField(arg, 'badRows');
      const choice =
        decided === 'importGood'
          ? good
          : decided === 'importNothing'
            ? undefined
            : await vscode.window.showWarningMessage(
                `${parsed.errors.length} row${parsed.errors.length === 1 ? '' : 's'} of ${uri.fsPath} cannot be imported.`,
                { modal: true, detail: list + more },
                ...(parsed.rows.length > 0 ? [good] : []),
                'Import nothing',
              );
      if (choice !== good) {
        void vscode.window.showInformationMessage('Nothing was imported.');
        return { added: 0, skipped: 0, errors: parsed.errors.length };
      }
    }
    const result = this.deps.editor.importRows(parsed.rows);
    await this.store.flush();
    this.log.info(
      `Imported ${uri.fsPath} (${parsed.kind}): ${result.added} added, ${result.skipped} already present, ${parsed.errors.length} bad rows`,
    );
    void vscode.window.showInformationMessage(
      `Imported ${result.added} task${result.added === 1 ? '' : 's'}${result.skipped ? `; ${result.skipped} were already in the record` : ''}.`,
    );
    return { ...result, errors: parsed.errors.length };
  }

  private askTarget(kind: string, ext: string): Thenable<vscode.Uri | undefined> {
    const name = `leverage-${format(this.clock.now(), 'yyyy-MM-dd')}.${ext}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      title: `Export Leverage Record to ${kind}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
      filters: { [`${kind} files`]: [ext] },
      saveLabel: 'Export',
    });
  }

  private async write(target: vscode.Uri, text: string): Promise<boolean> {
    try {
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      return true;
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${errorMessage(err)}`);
      return false;
    }
  }
}
