// Plain-text tables for terminal output: columns padded to their widest cell.

/** Renders rows under headers with two spaces between columns; widths count characters, not bytes. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column] ?? ''))));
  return [headers, ...rows].map((cells) => padRow(cells, widths)).join('\n');
}

// East Asian wide characters take two terminal cells.
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 2 : 1;
  }
  return width;
}

/**
 * A table printed a page of rows at a time, for lists too long to hold: each column is as wide as its
 * widest cell so far, so a later, wider cell widens the rows after it, never the ones already printed.
 */
export function streamingTable(headers: readonly string[]): { page(rows: readonly (readonly string[])[]): string } {
  const widths = headers.map(displayWidth);
  let headerShown = false;
  return {
    page(rows) {
      for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell))));
      const lines = rows.map((row) => padRow(row, widths));
      if (!headerShown) lines.unshift(padRow(headers, widths));
      headerShown = true;
      return lines.join('\n');
    },
  };
}

function padRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, column) =>
      column === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - displayWidth(cell))),
    )
    .join('  ')
    .trimEnd();
}
