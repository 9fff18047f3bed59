import { MUTED, RULE } from './brand.js';
import type { PageFlow } from './page-flow.js';
import { measure, write, type TextStyle } from './text.js';

export interface Column<Row> {
  header: string;
  width: number;
  align?: 'left' | 'right';
  /** The cell's text; it wraps within the column. */
  text: (row: Row) => string;
  /** A smaller second line under the text (a rate, a date), or null. */
  note?: (row: Row) => string | null;
}

export interface TableStyle {
  /** Fill of the header row, and the colour of its text. */
  headerFill: string;
  headerText: string;
}

const PADDING_X = 5;
const PADDING_Y = 5;
const CELL: TextStyle = { size: 8.5 };
const NOTE: TextStyle = { size: 7, color: MUTED };
const HEADER: TextStyle = { size: 7.5, bold: true };

function headerHeight<Row>(doc: PDFKit.PDFDocument, columns: Column<Row>[]): number {
  const text = Math.max(
    ...columns.map((column) => measure(doc, column.header, column.width - 2 * PADDING_X, HEADER)),
  );
  return text + 2 * PADDING_Y;
}

function drawHeader<Row>(
  doc: PDFKit.PDFDocument,
  flow: PageFlow,
  columns: Column<Row>[],
  x: number,
  style: TableStyle,
) {
  const width = columns.reduce((sum, column) => sum + column.width, 0);
  const height = headerHeight(doc, columns);
  doc.rect(x, flow.y, width, height).fill(style.headerFill);
  let left = x;
  for (const column of columns) {
    write(doc, column.header, left + PADDING_X, flow.y + PADDING_Y, column.width - 2 * PADDING_X, {
      ...HEADER,
      color: style.headerText,
      align: column.align ?? 'left',
    });
    left += column.width;
  }
  flow.space(height);
}

/**
 * Draws rows under a header; a row that does not fit starts a new page, which repeats the
 * header, so a long invoice reads as one table.
 */
export function drawTable<Row>(
  doc: PDFKit.PDFDocument,
  flow: PageFlow,
  columns: Column<Row>[],
  rows: Row[],
  x: number,
  style: TableStyle,
): void {
  const width = columns.reduce((sum, column) => sum + column.width, 0);
  const rowHeight = (row: Row) =>
    Math.max(
      ...columns.map((column) => {
        const inner = column.width - 2 * PADDING_X;
        const note = column.note?.(row);
        return measure(doc, column.text(row), inner, CELL) + (note ? measure(doc, note, inner, NOTE) : 0);
      }),
    ) +
    2 * PADDING_Y;
  // Room for the header and the first row together, so a header never ends a page alone.
  flow.ensure(headerHeight(doc, columns) + (rows[0] ? rowHeight(rows[0]) : 0));
  drawHeader(doc, flow, columns, x, style);
  for (const row of rows) {
    const height = rowHeight(row);
    if (flow.ensure(height)) drawHeader(doc, flow, columns, x, style);
    let left = x;
    for (const column of columns) {
      const inner = column.width - 2 * PADDING_X;
      const align = column.align ?? 'left';
      const used = write(doc, column.text(row), left + PADDING_X, flow.y + PADDING_Y, inner, {
        ...CELL,
        align,
      });
      const note = column.note?.(row);
      if (note) write(doc, note, left + PADDING_X, flow.y + PADDING_Y + used, inner, { ...NOTE, align });
      left += column.width;
    }
    flow.space(height);
    doc
      .moveTo(x, flow.y)
      .lineTo(x + width, flow.y)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
  }
}
