/**
 * A table for a terminal: columns padded to their widest cell, each cell cut to `maxWidth`, two
 * spaces between columns, every line indented. Empty cells for null.
 */
export function plainTable(
  columns: string[],
  rows: Array<Array<string | number | null>>,
  options: { maxWidth?: number; indent?: string } = {},
): string[] {
  const maxWidth = options.maxWidth ?? 60;
  const indent = options.indent ?? '  ';
  const cells = [columns, ...rows.map((row) => row.map((v) => String(v ?? '')))];
  const widths = columns.map((_, i) =>
    Math.min(maxWidth, Math.max(...cells.map((row) => (row[i] ?? '').length))),
  );
  return cells.map(
    (row) =>
      indent +
      row
        .map((v, i) => (v ?? '').slice(0, maxWidth).padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
  );
}
