/**
 * Spreadsheet cells written from plan text. Text a spreadsheet would run as a formula (starting =, +, -, @, a tab
 * or a carriage return) is written with a leading apostrophe, OWASP's advice against formula injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
