/**
 * Text extracted from Word keeps fragments of HTML inside table cells (`<p>…</p>`, `<ul><li>…`, `<i>`)
 * and bullet characters. This turns such a cell into its paragraphs as plain text.
 */
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Removes markdown emphasis that text extraction leaves around words (**bold**, *italic*). */
export function stripEmphasis(text: string): string {
  return text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/(^|\s)\*([^*\s][^*]*?)\*(?=\s|$|[.,;:])/g, '$1$2');
}

const MARKUP = /[<&•▪●◦\n]/;

export function splitCellParagraphs(raw: string): string[] {
  // Most cells are plain text: skip the markup passes for them.
  if (!MARKUP.test(raw)) {
    const plain = raw.replace(/\s+/g, ' ').trim();
    return plain === '' ? [] : [plain];
  }
  const text = raw
    .replace(/<\/?(p|li|ul|ol|div|br|tr)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/\s*[•▪●◦]\s*/g, '\n');
  return decodeEntities(text)
    .split('\n')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
}
