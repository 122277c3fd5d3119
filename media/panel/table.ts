import type { EditableField, RowView } from '../../src/shared/protocol';
import { button, el } from './dom';

/** A sortable column of the task log. */
interface Column {
  readonly key: string;
  readonly label: string;
  readonly numeric: boolean;
  readonly value: (r: RowView) => string | number | null;
  readonly text: (r: RowView, index: number) => string;
  readonly edit?: EditableField;
}

const COLUMNS: readonly Column[] = [
  { key: 'index', label: '#', numeric: true, value: (r) => r.startedAt, text: (_r, i) => String(i + 1) },
  { key: 'title', label: 'Task', numeric: false, value: (r) => r.title.toLowerCase(), text: (r) => r.title, edit: 'title' },
  { key: 'human', label: 'Human Est.', numeric: true, value: (r) => r.humanHours, text: (r) => r.text.human, edit: 'estimate' },
  { key: 'ai', label: 'AI', numeric: true, value: (r) => r.aiMinutes, text: (r) => r.text.ai + (r.aiSource === 'wallclock' ? ' (wall)' : r.aiSource === 'user' ? ' ✎' : ''), edit: 'aiMinutes' },
  { key: 'sup', label: 'Sup.', numeric: true, value: (r) => r.supMinutes, text: (r) => r.text.sup + (r.supSource === 'user' ? ' ✎' : ''), edit: 'supMinutes' },
  { key: 'tokens', label: 'Tokens', numeric: true, value: (r) => r.tokens, text: (r) => r.text.tokens },
  { key: 'leverage', label: 'Leverage', numeric: true, value: (r) => r.leverage, text: (r) => r.text.leverage },
  { key: 'supLeverage', label: 'Sup. Leverage', numeric: true, value: (r) => r.supLeverage, text: (r) => r.text.supLeverage },
  { key: 'commits', label: 'Commits', numeric: true, value: (r) => r.commits, text: (r) => String(r.commits) },
];

/** What the table asks of the page when the user acts on a row. */
export interface TableActions {
  edit(taskId: string, field: EditableField, value: string): Promise<string | undefined>;
  remove(row: RowView): void;
  selectionChanged(selected: readonly string[]): void;
}

/** The task log: sortable by any column (click or Enter on a header), cells edited in place. */
export class TaskTable {
  readonly element = el('table', { class: 'tasks', 'aria-label': 'Task log' });
  private rows: readonly RowView[] = [];
  private readonly selected = new Set<string>();

  constructor(private sort: { key: string; descending: boolean }, private readonly actions: TableActions, private readonly onSort: (sort: { key: string; descending: boolean }) => void) {}

  /** Replaces the rows and redraws. */
  setRows(rows: readonly RowView[]): void {
    this.rows = rows;
    for (const id of [...this.selected]) if (!rows.some((r) => r.id === id)) this.selected.delete(id);
    this.render();
  }

  private sorted(): RowView[] {
    const column = COLUMNS.find((c) => c.key === this.sort.key) ?? COLUMNS[0];
    const dir = this.sort.descending ? -1 : 1;
    return [...this.rows].sort((a, b) => {
      const va = column.value(a), vb = column.value(b);
      if (va === vb) return a.startedAt - b.startedAt;
      if (va === null) return 1; // undefined figures ("—") last whichever the direction
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * dir;
    });
  }

  private render(): void {
    const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Select')));
    for (const column of COLUMNS) {
      const active = column.key === this.sort.key;
      const th = el('th', { scope: 'col', class: column.numeric ? 'num' : '', 'aria-sort': active ? (this.sort.descending ? 'descending' : 'ascending') : 'none' });
      th.append(button(`${column.label}${active ? (this.sort.descending ? ' ▼' : ' ▲') : ''}`, () => {
        this.sort = { key: column.key, descending: active ? !this.sort.descending : column.numeric };
        this.onSort(this.sort);
        this.render();
      }, { class: 'sort' }));
      head.append(th);
    }
    head.append(el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Actions')));
    const body = el('tbody');
    const rows = this.sorted();
    if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: String(COLUMNS.length + 2), class: 'muted' }, 'No tasks in this range.')));
    rows.forEach((row, index) => body.append(this.renderRow(row, index)));
    this.element.replaceChildren(el('thead', {}, head), body);
  }

  private renderRow(row: RowView, index: number): HTMLTableRowElement {
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
    for (const column of COLUMNS) {
      const td = el('td', { class: column.numeric ? 'num' : '', 'data-col': column.key });
      const text = column.text(row, index) + (column.key === 'title' && row.running ? ' (running)' : '');
      const editable = column.edit && !(row.running && (column.edit === 'aiMinutes' || column.edit === 'supMinutes'));
      if (editable && column.edit) td.append(this.editableCell(row, column.edit, text, column.label));
      else td.append(el('span', column.key === 'tokens' && row.tokensTitle ? { title: row.tokensTitle } : {}, text));
      tr.append(td);
    }
    const remove = button('Delete', () => this.actions.remove(row), { class: 'link', 'aria-label': `Delete "${row.title}"` });
    remove.disabled = row.running;
    tr.append(el('td', {}, remove));
    return tr;
  }

  /** A cell that turns into a text box on click/Enter; Enter saves, Escape cancels. */
  private editableCell(row: RowView, field: EditableField, text: string, label: string): HTMLElement {
    const wrap = el('span', { class: 'editable' });
    const show = button(text, () => startEditing(), { class: 'cell', 'aria-label': `${label} of "${row.title}": ${text}. Activate to edit.` });
    const error = el('span', { class: 'error', role: 'alert' });
    const startEditing = (): void => {
      const input = el('input', { type: 'text', 'aria-label': `New ${label.toLowerCase()} for "${row.title}"` });
      input.value = field === 'title' ? row.title : field === 'estimate' ? (row.humanHours === null ? '' : `${row.humanHours}h`) : text.replace(/[^\d.]/g, '');
      input.addEventListener('keydown', async (event) => {
        if (event.key === 'Escape') {
          wrap.replaceChildren(show);
          show.focus();
        } else if (event.key === 'Enter') {
          const problem = await this.actions.edit(row.id, field, input.value);
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
    wrap.append(show);
    return wrap;
  }
}
