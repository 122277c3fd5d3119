/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Runs inside the panel's webview (Playwright serialises the function): DOM types only, no imports.

/** What the page reports about row actions and primary buttons (measured inside the webview). */
export interface PanelLayout {
  readonly width: number;
  readonly actions: readonly string[];
  readonly clipped: readonly string[];
  /** How many pixels of the task log lie beyond its visible part (0: nothing is cut or needs scrolling). */
  readonly overflow: number;
  readonly primaries: readonly string[];
}

/**
 * Measures, inside the webview: how far the task log reaches beyond what is visible, every row action's box against the visible part of the task log
 * (its scroll box, or the table, cut by the page's width), whether the action is the element
 * actually drawn at its centre (not covered by another column), and which visible buttons are
 * primary (the primary button colour of the theme, or `.primary` where a high-contrast theme gives
 * primary and secondary buttons no fill).
 */
export function measurePanel(): PanelLayout {
  const probe = document.body.appendChild(document.createElement('div'));
  probe.style.background = 'var(--vscode-button-background)';
  const primaryFill = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const hasFill = primaryFill !== 'rgba(0, 0, 0, 0)' && primaryFill !== 'transparent';
  const buttons = [...document.querySelectorAll('button')].filter((b) => b.checkVisibility());
  const primaries = buttons
    .filter((b) => b.classList.contains('primary') || (hasFill && getComputedStyle(b).backgroundColor === primaryFill))
    .map((b) => b.textContent?.trim() || b.getAttribute('aria-label') || '?');
  const table = document.querySelector('table.tasks');
  window.scrollTo({ left: 0, top: window.scrollY + (table?.getBoundingClientRect().top ?? 0) - 8, behavior: 'instant' });
  const area = (table?.closest('.table-box') ?? table)?.getBoundingClientRect();
  const right = Math.min(area?.right ?? 0, document.documentElement.clientWidth);
  const left = Math.max(area?.left ?? 0, 0);
  const actions: string[] = [];
  const clipped: string[] = [];
  for (const b of document.querySelectorAll<HTMLButtonElement>('table.tasks tr[data-task-id] > td:last-child button')) {
    const r = b.getBoundingClientRect();
    const name = b.getAttribute('aria-label') ?? b.textContent ?? '?';
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    actions.push(name);
    const inside = r.width > 0 && r.left >= left - 0.5 && r.right <= right + 0.5;
    if (!inside || !(hit && b.contains(hit)))
      clipped.push(`${name}: ${Math.round(r.left)}–${Math.round(r.right)} px, visible ${Math.round(left)}–${Math.round(right)} px`);
  }
  const overflow = Math.max(0, Math.round((table?.getBoundingClientRect().right ?? 0) - right));
  return { width: window.innerWidth, actions, clipped, overflow, primaries };
}
