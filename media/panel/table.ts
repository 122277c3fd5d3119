import type { EditableField, RowView, SortKey, SortSpec } from '../../src/shared/protocol';
import { editStartValue, valueToSend } from './cellEdit';
import { button, el } from './dom';
import { RowMenu } from './rowMenu';

/** A sortable column of the task log. */
interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric: boolean;
  readonly text: (r: RowView, index: number) => string;
  readonly edit?: EditableField;
  /**
   * Secondary columns give way in a narrow panel (panel.css): 1 when the table has less than 720 px (800 px with
   * the Machine column), 2 below 550 px.
   * Their values then show under the task's title instead, so nothing is lost.
   */
  readonly drop?: 1 | 2;
}

const COLUMNS: readonly Column[] = [
  { key: 'index', label: '#', numeric: true, text: (_r, i) => String(i + 1), drop: 1 },
  { key: 'title', label: 'Task', numeric: false, text: (r) => r.title, edit: 'title' },
  { key: 'human', label: 'Human Est.', numeric: true, text: (r) => r.text.human, edit: 'estimate' },
  {
    key: 'ai',
    label: 'AI',
    numeric: true,
    text: (r) => r.text.ai + (r.aiSource === 'wallclock' ? ' (wall)' : r.aiSource === 'user' ? ' ✎' : ''),
    edit: 'aiMinutes',
  },
  {
    key: 'sup',
    label: 'Sup.',
    numeric: true,
    text: (r) => r.text.sup + (r.supSource === 'user' ? ' ✎' : ''),
    edit: 'supMinutes',
    drop: 2,
  },
  { key: 'tokens', label: 'Tokens', numeric: true, text: (r) => r.text.tokens, drop: 2 },
  { key: 'leverage', label: 'Leverage', numeric: true, text: (r) => r.text.leverage },
  { key: 'supLeverage', label: 'Sup. Leverage', numeric: true, text: (r) => r.text.supLeverage, drop: 1 },
  { key: 'commits', label: 'Commits', numeric: true, text: (r) => String(r.commits), drop: 1 },
];

/** What the table asks of the page when the user acts on a row. */
export interface TableActions {
  edit(taskId: string, field: EditableField, value: string): Promise<string | undefined>;
  remove(row: RowView): void;
  selectionChanged(selected: readonly string[]): void;
}

/**
 * The task log: sorted by any column (click or Enter on a header; the host sorts, since it holds
 * the whole range and sends one page), cells edited in place.
 */
export class TaskTable {
  private readonly table = el('table', { class: 'tasks', 'aria-label': 'Task log' });
  /** The table in a box whose width the stylesheet's container queries read; it scrolls sideways only as a last resort. */
  readonly element = el('div', { class: 'table-box' }, this.table);
  private readonly menu = new RowMenu();
  private rows: readonly RowView[] = [];
  private sort: SortSpec = { key: 'index', descending: false };
  private readonly selected = new Set<string>();
  /** This machine's name while the record holds tasks of several machines (then a Machine column shows); else undefined. */
  private here: string | undefined;

  constructor(
    private readonly actions: TableActions,
    private readonly onSort: (sort: SortSpec) => void,
  ) {}

  /** Replaces the rows (already in `sort` order) and redraws; `here` names this machine when a Machine column should show. */
  setRows(rows: readonly RowView[], sort: SortSpec, here?: string): void {
    this.rows = rows;
    this.sort = sort;
    this.here = here;
    for (const id of [...this.selected]) if (!rows.some((r) => r.id === id)) this.selected.delete(id);
    this.render();
  }

  /** The columns shown: the record's, and the machine each task came from when there are several. */
  private columns(): readonly Column[] {
    const here = this.here;
    if (here === undefined) return COLUMNS;
    // Secondary like Commits: it moves under the title when the panel narrows.
    const machine: Column = { key: 'machine', label: 'Machine', numeric: false, drop: 1, text: (r) => r.machine ?? here };
    return [...COLUMNS.slice(0, 2), machine, ...COLUMNS.slice(2)];
  }

  private render(): void {
    this.menu.dismiss(); // its items would act on the cells about to be replaced
    const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Select')));
    const columns = this.columns();
    for (const column of columns) {
      const active = column.key === this.sort.key;
      const th = el('th', {
        scope: 'col',
        class: column.numeric ? 'num' : '',
        'data-drop': column.drop && String(column.drop),
        'aria-sort': active ? (this.sort.descending ? 'descending' : 'ascending') : 'none',
      });
      th.append(
        button(
          `${column.label}${active ? (this.sort.descending ? ' ▼' : ' ▲') : ''}`,
          () => {
            this.onSort({ key: column.key, descending: active ? !this.sort.descending : column.numeric && column.key !== 'index' });
          },
          { class: 'sort' },
        ),
      );
      head.append(th);
    }
    head.append(el('th', { scope: 'col', class: 'actions' }, el('span', { class: 'sr-only' }, 'Actions')));
    const body = el('tbody');
    const rows = this.rows;
    if (rows.length === 0)
      body.append(el('tr', {}, el('td', { colspan: String(columns.length + 2), class: 'muted' }, 'No tasks in this range.')));
    const dropped = columns.filter((c) => c.drop && c.key !== 'index');
    rows.forEach((row, index) => body.append(this.renderRow(row, index, columns, dropped)));
    this.table.replaceChildren(el('thead', {}, head), body);
  }

  private renderRow(row: RowView, index: number, columns: readonly Column[], dropped: readonly Column[]): HTMLTableRowElement {
    const tr = el('tr', { class: row.running ? 'running' : '', 'data-task-id': row.id });
    const check = el('input', { type: 'checkbox', 'aria-label': `Select "${row.title}" for merging` });
    check.checked = this.selected.has(row.id);
    check.disabled = row.running;
    check.addEventListener('change', () => {
      if (check.checked) this.selected.add(row.id);
      else this.selected.delete(row.id);
      this.actions.selectionChanged([...this.selected]);
    });
    tr.append(el('td', {}, check));
    const editors = new Map<EditableField, () => void>();
    for (const column of columns) {
      const td = el('td', { class: column.numeric ? 'num' : '', 'data-col': column.key, 'data-drop': column.drop && String(column.drop) });
      const text = column.text(row, index) + (column.key === 'title' && row.running ? ' (running)' : '');
      const editable = column.edit && !(row.running && (column.edit === 'aiMinutes' || column.edit === 'supMinutes'));
      if (editable && column.edit) td.append(this.editableCell(row, column.edit, text, column.label, editors));
      else td.append(el('span', column.key === 'tokens' && row.tokensTitle ? { title: row.tokensTitle } : {}, text));
      if (column.key === 'title') td.append(droppedDetails(dropped, row, index));
      tr.append(td);
    }
    const actions = this.menu.button(`Actions for "${row.title}"`, () => [
      { label: 'Rename…', run: () => editors.get('title')?.() },
      { label: 'Edit estimate…', run: () => editors.get('estimate')?.() },
      { label: 'Delete', run: () => this.actions.remove(row), disabled: row.running },
    ]);
    tr.append(el('td', { class: 'actions' }, actions));
    return tr;
  }

  /** A cell that turns into a text box on click/Enter; Enter saves, Escape cancels. */
  private editableCell(
    row: RowView,
    field: EditableField,
    text: string,
    label: string,
    editors: Map<EditableField, () => void>,
  ): HTMLElement {
    const wrap = el('span', { class: 'editable' });
    const via =
      field === 'aiMinutes' && row.aiVia !== null
        ? { title: `Measured from ${row.aiVia}` }
        : field === 'estimate' && row.opinionTitle
          ? { title: row.opinionTitle }
          : {};
    const show = button(text, () => startEditing(), {
      class: 'cell',
      'aria-label': `${label} of "${row.title}": ${text}. Activate to edit.`,
      ...via,
    });
    const error = el('span', { class: 'error', role: 'alert' });
    const startEditing = (): void => {
      const input = el('input', { type: 'text', 'aria-label': `New ${label.toLowerCase()} for "${row.title}"` });
      const start = editStartValue(row, field);
      input.value = start;
      input.addEventListener('keydown', async (event) => {
        const value = event.key === 'Enter' ? valueToSend(start, input.value) : undefined;
        if (event.key === 'Escape' || (event.key === 'Enter' && value === undefined)) {
          wrap.replaceChildren(show);
          show.focus();
        } else if (value !== undefined) {
          const problem = await this.actions.edit(row.id, field, value);
          if (problem) {
            error.textContent = problem;
            input.setAttribute('aria-invalid', 'true');
          }
        }
      });
      wrap.replaceChildren(input, error);
      input.focus();
      input.select();
    };
    editors.set(field, startEditing);
    wrap.append(show);
    return wrap;
  }
}

/**
 * The values of the columns a narrow panel drops, as a muted line under the title; the stylesheet
 * shows each one only while its column is hidden. (The row number needs no repeating.)
 */
function droppedDetails(dropped: readonly Column[], row: RowView, index: number): HTMLElement {
  return el(
    'span',
    { class: 'details' },
    ...dropped
      .map((c) => [c, c.text(row, index)] as const)
      .filter(([, text]) => text !== '—') // nothing measured: the line stays short
      .map(([c, text]) => el('span', { class: 'detail', 'data-drop': String(c.drop) }, `${c.label} ${text}`)),
  );
}
