import type { EditableField, RowView } from '../../src/shared/protocol';

/**
 * The text an edit box starts with: the row's own value. Minutes come from the number, never from
 * the display text (`<1m` or `12m` would otherwise become `1` or `12`).
 */
export function editStartValue(row: RowView, field: EditableField): string {
  switch (field) {
    case 'title':
      return row.title;
    case 'estimate':
      return row.humanHours === null ? '' : `${row.humanHours}h`;
    case 'aiMinutes':
      return row.aiMinutes === null ? '' : String(row.aiMinutes);
    case 'supMinutes':
      return row.supMinutes === null ? '' : String(row.supMinutes);
  }
}

/** What pressing Enter sends: nothing when the value is unchanged, so a measured figure stays measured. */
export function valueToSend(start: string, typed: string): string | undefined {
  return typed.trim() === start.trim() ? undefined : typed;
}
