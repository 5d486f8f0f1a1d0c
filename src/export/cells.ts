/**
 * Spreadsheet cells written from plan text. Text a spreadsheet would run as a formula (starting =, +, -, @, a tab
 * or a carriage return) is written with a leading apostrophe, OWASP's advice against formula injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export type Cell = string | number | null | undefined;

const csvCell = (value: Cell) => {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'number'
        ? String(value)
        : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows as CSV (CRLF, quoted where needed), every text cell neutralised. */
export function toCsv(headings: readonly string[], rows: Cell[][]): string {
  return [headings, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A download's file name from the plan's title: "childrens-services-improvement-plan-2026-27-actions". */
export function downloadName(title: string, what: string): string {
  const slug =
    title
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'plan';
  return `${slug}-${what}`;
}
