/** A box in viewport pixels (the subset of DOMRect the placement needs). */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Room kept between a menu and the viewport's edge. */
const MARGIN = 4;

/**
 * Where a row's action menu goes: below its button, right edges aligned (the button sits in the
 * table's last column); above when there is no room below; always clamped inside the viewport,
 * so no item of a menu opened near an edge of a narrow panel is cut off.
 */
export function menuPlacement(anchor: Box, menu: { width: number; height: number }, viewport: { width: number; height: number }) {
  const below = anchor.top + anchor.height + 2;
  const above = anchor.top - menu.height - 2;
  const top = below + menu.height <= viewport.height - MARGIN || above < MARGIN ? below : above;
  const left = anchor.left + anchor.width - menu.width;
  return {
    left: clamp(left, MARGIN, viewport.width - menu.width - MARGIN),
    top: clamp(top, MARGIN, viewport.height - menu.height - MARGIN),
  };
}

/** `value` within [low, high]; `low` wins when the range is empty (a menu taller than the view starts at its top). */
function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

/**
 * The item to focus after a key press in a menu of `count` items (wrapping; `current` is -1 when
 * no item has the focus), or undefined for keys the menu leaves alone.
 */
export function nextMenuIndex(key: string, current: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return (current + 1) % count;
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
