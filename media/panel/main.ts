import { restoredView, savedView } from '../../src/shared/parseMessage';
import { DEFAULT_VIEW, PAGE_ROWS, type PanelData, type RangeSpec, type RowView, type ViewSpec } from '../../src/shared/protocol';
import { Charts } from './charts';
import { button, el } from './dom';
import { HostApi, type ViewState } from './hostApi';
import { deleteWithUndo, runRequest, type RequestUi } from './requests';
import { TaskTable } from './table';

const RANGES: readonly [RangeSpec['kind'], string][] = [
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
  ['week', 'This week'],
  ['month', 'This month'],
  ['all', 'All time'],
  ['custom', 'Custom…'],
];

const api = new HostApi((data) => show(data));
let state: ViewState = { view: restoredView(savedView(api.savedState), DEFAULT_VIEW) };
let selection: readonly string[] = [];

const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
const rangeLabel = el('span', { class: 'range-label' });
const rangeSelect = el('select', { 'aria-label': 'Range' });
for (const [kind, label] of RANGES) rangeSelect.append(el('option', { value: kind }, label));
const fromInput = el('input', { type: 'date', 'aria-label': 'From' });
const toInput = el('input', { type: 'date', 'aria-label': 'To' });
const custom = el('span', { class: 'custom' }, fromInput, ' – ', toInput);
const machineSelect = el('select', { 'aria-label': 'Machine', hidden: '' });
const mergeButton = button('Merge selected', () => void merge(), { disabled: '' });
const totals = el('dl', { class: 'totals', 'aria-label': 'Aggregate statistics' });
const dailyCanvas = el('canvas', { role: 'img', 'aria-label': 'Weighted leverage per day' });
const taskCanvas = el('canvas', { role: 'img', 'aria-label': 'Leverage per task' });
const charts = new Charts(dailyCanvas, taskCanvas);
const undoBar = el('div', { class: 'undo', hidden: '' });
const sessions = el('section', { class: 'sessions', 'aria-label': 'Agent sessions without a task' });
const more = el('div', { class: 'more' });
const table = new TaskTable(
  {
    edit: async (taskId, field, value) => {
      try {
        await api.request({ type: 'edit', taskId, field, value });
        status.textContent = 'Saved.';
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
    remove: (row) => void remove(row),
    selectionChanged: (ids) => {
      selection = ids;
      mergeButton.disabled = ids.length !== 2;
    },
  },
  (sort) => void load({ ...state.view, sort }),
);

function save(next: ViewState): void {
  state = next;
  api.saveState(state);
}

function currentRange(): RangeSpec {
  const kind = rangeSelect.value as RangeSpec['kind'];
  if (kind !== 'custom') return { kind };
  return { kind: 'custom', from: fromInput.value, to: toInput.value || fromInput.value };
}

/** Asks the host for a view; the time from request to paint is kept for the benchmark. */
async function load(view: ViewSpec): Promise<void> {
  save({ view });
  const started = performance.now();
  await runRequest(ui, { type: 'load', view });
  document.body.dataset.lastLoadMs = (performance.now() - started).toFixed(1);
}

/** Requests as the page makes them: failures are reported in the status line. */
const ui: RequestUi = { request: (r) => api.request(r), say: (text) => (status.textContent = text) };

async function remove(row: RowView): Promise<void> {
  await deleteWithUndo(ui, row.id, () => {
    undoBar.replaceChildren(
      el('span', {}, `Deleted "${row.title}". `),
      button(
        'Undo',
        () =>
          void runRequest(ui, { type: 'undoDelete', taskId: row.id }, `Restored "${row.title}".`).then(
            (ok) => ok && (undoBar.hidden = true),
          ),
      ),
    );
    undoBar.hidden = false;
    undoBar.querySelector('button')?.focus();
  });
}

async function merge(): Promise<void> {
  if (selection.length !== 2) return;
  await runRequest(ui, { type: 'merge', keepId: selection[0], mergeId: selection[1] }, 'Merged the two tasks.');
}

function showTotals(data: PanelData): void {
  const t = data.totals;
  const items: [string, string][] = [
    [
      'Tasks',
      `${t.taskCount}${t.runningCount ? ` (+${t.runningCount} running)` : ''}${t.wallclockCount ? `, ${t.wallclockCount} on wall clock` : ''}`,
    ],
    ['Human-equivalent', t.text.humanHours],
    ['AI', t.text.aiMinutes],
    ['Supervisory', t.text.supMinutes],
    ['Tokens', t.text.tokens],
    ['Weighted leverage', t.text.leverage],
    // Wall-clock minutes include every pause: the figure without those tasks is the one to trust.
    ...(t.text.measuredLeverage !== null ? [['Without wall-clock tasks', t.text.measuredLeverage] as [string, string]] : []),
    ['Weighted sup. leverage', t.text.supLeverage],
  ];
  if (t.text.cost !== null) items.push(['Est. cost (list prices)', t.text.cost]);
  if (t.text.opinion !== null) items.push(['Your estimates vs. second opinion', t.text.opinion]);
  totals.replaceChildren(...items.map(([label, value]) => el('div', { 'data-total': label }, el('dt', {}, label), el('dd', {}, value))));
}

function showSessions(data: PanelData): void {
  if (data.unattributed.length === 0) {
    sessions.replaceChildren();
    return;
  }
  const checks = data.unattributed.map((s) => {
    const box = el('input', { type: 'checkbox', value: s.id });
    return el('label', {}, box, ` ${s.label}`);
  });
  const target = el('select', { 'aria-label': 'Task to attach to' });
  for (const row of data.rows) target.append(el('option', { value: row.id }, row.title));
  const attach = button('Attach to task', () => {
    const ids = checks
      .map((c) => c.querySelector('input')!)
      .filter((i) => i.checked)
      .map((i) => i.value);
    void runRequest(ui, { type: 'attach', sessionIds: ids, taskId: target.value }, 'Attached.');
  });
  sessions.replaceChildren(el('h2', {}, 'Agent sessions without a task'), ...checks, el('div', { class: 'row' }, target, attach));
}

/** The machine filter: shown once the record holds tasks of more than one machine (a sync folder is in use). */
function showMachines(data: PanelData): void {
  machineSelect.hidden = data.machines.length < 2;
  machineSelect.replaceChildren(
    el('option', { value: '' }, 'All machines'),
    ...data.machines.map((m, i) => el('option', { value: m.id }, i === 0 ? `${m.name} (this machine)` : m.name)),
  );
  machineSelect.value = data.view.machine ?? '';
}

function show(data: PanelData): void {
  const showStart = performance.now();
  document.getElementById('app')?.setAttribute('aria-busy', 'false');
  const range = data.view.range;
  save({ view: data.view });
  rangeSelect.value = range.kind;
  custom.hidden = range.kind !== 'custom';
  if (range.kind === 'custom') {
    fromInput.value = range.from;
    toInput.value = range.to;
  }
  rangeLabel.textContent = data.rangeLabel;
  showMachines(data);
  showTotals(data);
  table.setRows(data.rows, data.view.sort, data.machines.length > 1 ? data.machines[0].name : undefined);
  more.replaceChildren();
  if (data.totalRows > data.rows.length) {
    more.append(
      el('span', { class: 'muted' }, `Showing ${data.rows.length} of ${data.totalRows} tasks. `),
      button('Show more', () => void load({ ...data.view, limit: data.view.limit + PAGE_ROWS })),
    );
  }
  // Charts draw in the next frame: the numbers (totals, table) paint first.
  requestAnimationFrame(() => charts.update(data.days, data.rows));
  showSessions(data);
  document.body.dataset.painted = String(Date.now());
  document.body.dataset.lastShowMs = (performance.now() - showStart).toFixed(1);
  document.body.dataset.firstPaintMs ??= performance.now().toFixed(1);
}

rangeSelect.addEventListener('change', () => {
  custom.hidden = rangeSelect.value !== 'custom';
  if (rangeSelect.value === 'custom' && !fromInput.value) return fromInput.focus();
  void load({ ...state.view, range: currentRange(), limit: PAGE_ROWS });
});
machineSelect.addEventListener('change', () => {
  const { machine: _all, ...rest } = state.view;
  void load({ ...rest, ...(machineSelect.value ? { machine: machineSelect.value } : {}), limit: PAGE_ROWS });
});
for (const input of [fromInput, toInput])
  input.addEventListener('change', () => fromInput.value && void load({ ...state.view, range: currentRange(), limit: PAGE_ROWS }));

document.getElementById('app')!.replaceChildren(
  el('header', {}, el('h1', {}, 'Leverage Record'), rangeLabel),
  el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Record' },
    rangeSelect,
    custom,
    machineSelect,
    // The one primary button of the view (VS Code's guidelines): publishing the record is what the panel is for.
    button('Export Markdown', () => void runRequest(ui, { type: 'exportMarkdown', range: currentRange() }), { class: 'primary' }),
    button('Export CSV', () => void runRequest(ui, { type: 'exportCsv' })),
    button('Import CSV', () => void runRequest(ui, { type: 'importCsv' })),
    mergeButton,
  ),
  status,
  undoBar,
  totals,
  el(
    'div',
    { class: 'charts' },
    el('figure', {}, el('figcaption', {}, 'Weighted leverage per day'), el('div', { class: 'chart' }, dailyCanvas)),
    el('figure', {}, el('figcaption', {}, 'Leverage per task'), el('div', { class: 'chart' }, taskCanvas)),
  ),
  table.element,
  more,
  sessions,
);
rangeSelect.value = state.view.range.kind;
// The host puts the first data in the page, so the record shows before any message round trip.
const initial = document.getElementById('initial-data')?.textContent;
if (initial) show(JSON.parse(initial) as PanelData);
api.ready(Boolean(initial));
