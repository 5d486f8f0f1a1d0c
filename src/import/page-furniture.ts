/**
 * What a page carries besides the plan: page numbers, the running title, "working document", version and
 * protective-marking lines. Word puts them in headers and footers, but a plan converted or pasted from another
 * format has them among its paragraphs or inside its tables, once per page.
 */

const FURNITURE = [
  /^page\s+\d+(\s*(of|\/)\s*\d+)?$/i,
  /^\d{1,3}$/,
  /^(-\s*)?\d{1,3}(\s*-)?$/,
  /\bworking (document|draft)\b/i,
  /^(official|official[- ]sensitive|confidential|protect(ed)?|restricted|not protectively marked)$/i,
  /^(version|v)\s?\d+(\.\d+)*\b.{0,40}$/i,
  /^(last )?(updated|revised|printed)( on)?:?\s.{0,30}$/i,
];

const normal = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export function pageFurniture(title: string | null): (text: string) => boolean {
  const running = title ? normal(title) : null;
  // The same cell or paragraph is asked about from several places (its row, its neighbours): each is read once.
  const answers = new Map<string, boolean>();
  const judge = (text: string) => {
    const line = text.replace(/\s+/g, ' ').trim();
    if (line.length > 120) return false;
    if (FURNITURE.some((pattern) => pattern.test(line))) return true;
    // The plan's title repeated at the top of a page, alone or with "– working document" and the like.
    return running !== null && running.length > 10 && normal(line) === running;
  };
  return (text) => {
    // Far longer than any page furniture, whatever its spacing: no need to look closer (or to remember it).
    if (text.length > 600) return false;
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = judge(text);
      answers.set(text, answer);
    }
    return answer;
  };
}
