// A change set's rows as the table `deploy` and `diff` print.
import type { ChangeRow } from '../../deploy/change-plan.js';
import { renderTable } from '../table.js';

const HEADERS = ['Action', 'Logical id', 'Type', 'Replacement', ''] as const;

/** The table cells: action, logical id, type, replacement (with a marker on data-losing rows). */
export function changeTableRows(rows: readonly ChangeRow[]): string[][] {
  return rows.map((row) => [
    row.action,
    row.logicalId,
    row.type,
    row.replacement === '' ? '' : `replace: ${row.replacement}`,
    row.destroysData ? 'DATA LOSS' : row.emptiesData ? 'NEW EMPTY, OLD KEPT' : '',
  ]);
}

export function renderChangeTable(rows: readonly ChangeRow[]): string {
  return renderTable(HEADERS, changeTableRows(rows));
}
