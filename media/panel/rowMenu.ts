import { button, el } from './dom';
import { menuPlacement, nextMenuIndex } from './menuPlacement';

/** One entry of a row's action menu. */
export interface MenuItem {
  readonly label: string;
  readonly run: () => void;
  readonly disabled?: boolean;
}

const SVG = 'http://www.w3.org/2000/svg';

/** The codicon-style "more actions" glyph (three dots), drawn in the text colour so every theme shows it. */
function moreIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  for (const cx of [3, 8, 13]) {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', String(cx));
    dot.setAttribute('cy', '8');
    dot.setAttribute('r', '1.4');
    dot.setAttribute('fill', 'currentColor');
    svg.append(dot);
  }
  return svg;
}

/**
 * The row actions of the task log: one compact button per row opens one shared menu (a popover in
 * the top layer, so the table's scroll box never clips it). Keyboard: Enter, Space or ArrowDown
 * opens it on the first item; arrows, Home and End move; Escape or Tab closes it and gives the
 * focus back to the row's button.
 */
export class RowMenu {
  private readonly menu = el('div', { class: 'row-menu', role: 'menu', popover: 'auto' });
  private anchor: HTMLButtonElement | undefined;
  /** Set when a press on the open menu's own button began: that click closes the menu rather than reopening it. */
  private closingClick = false;

  constructor() {
    document.body.append(this.menu);
    // Placed once, in viewport pixels: a scroll or resize would leave it beside the wrong row.
    window.addEventListener('scroll', () => this.dismiss(), { capture: true, passive: true });
    window.addEventListener('resize', () => this.dismiss());
    this.menu.addEventListener('keydown', (event) => this.onKey(event));
    // Light dismiss (a click elsewhere, Escape) closes the popover: the focus goes back to the row.
    this.menu.addEventListener('toggle', (event) => {
      if ((event as ToggleEvent).newState !== 'closed') return;
      this.anchor?.setAttribute('aria-expanded', 'false');
      if (document.activeElement === document.body || this.menu.contains(document.activeElement)) this.anchor?.focus();
    });
  }

  /** Closes the menu if it is open (the table calls this before it redraws the rows the menu acts on). */
  dismiss(): void {
    if (this.menu.matches(':popover-open')) this.menu.hidePopover();
  }

  /** A row's actions button; `items` is asked for when the menu opens, so it reflects the row then. */
  button(label: string, items: () => readonly MenuItem[]): HTMLButtonElement {
    const b = el('button', {
      type: 'button',
      class: 'icon row-actions',
      'aria-label': label,
      title: label,
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
    });
    b.append(moreIcon());
    b.addEventListener('pointerdown', () => (this.closingClick = this.anchor === b && this.menu.matches(':popover-open')));
    b.addEventListener('click', () => {
      if (this.closingClick) this.closingClick = false;
      else this.open(b, items());
    });
    b.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown') return;
      event.preventDefault();
      this.open(b, items());
    });
    return b;
  }

  private open(anchor: HTMLButtonElement, items: readonly MenuItem[]): void {
    this.dismiss();
    this.anchor = anchor;
    this.menu.setAttribute('aria-label', anchor.getAttribute('aria-label') ?? 'Row actions');
    this.menu.replaceChildren(
      ...items.map((item) => {
        const entry = button(
          item.label,
          () => {
            if (item.disabled) return;
            this.close();
            item.run();
          },
          { role: 'menuitem', tabindex: '-1' },
        );
        if (item.disabled) entry.setAttribute('aria-disabled', 'true');
        return entry;
      }),
    );
    this.menu.showPopover();
    anchor.setAttribute('aria-expanded', 'true');
    const at = menuPlacement(anchor.getBoundingClientRect(), this.menu.getBoundingClientRect(), {
      width: document.documentElement.clientWidth,
      height: document.documentElement.clientHeight,
    });
    this.menu.style.left = `${at.left}px`;
    this.menu.style.top = `${at.top}px`;
    this.entries()[0]?.focus();
  }

  private close(): void {
    this.menu.hidePopover();
    this.anchor?.focus();
  }

  private entries(): HTMLButtonElement[] {
    return [...this.menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  private onKey(event: KeyboardEvent): void {
    const entries = this.entries();
    if (event.key === 'Tab') {
      event.preventDefault();
      this.close();
      return;
    }
    const next = nextMenuIndex(event.key, entries.indexOf(document.activeElement as HTMLButtonElement), entries.length);
    if (next === undefined) return;
    event.preventDefault();
    entries[next].focus();
  }
}
