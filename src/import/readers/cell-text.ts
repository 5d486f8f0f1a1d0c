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
/** Whitespace other than single spaces: only such text needs its spaces collapsed. */
const SPACE_RUN = /[^\S ]| {2}/;

export function splitCellParagraphs(raw: string): string[] {
  // Most cells are plain text: skip the markup passes for them.
  if (!MARKUP.test(raw)) {
    const plain = (SPACE_RUN.test(raw) ? raw.replace(/\s+/g, ' ') : raw).trim();
    return plain === '' ? [] : [plain];
  }
  // Bullets become paragraph breaks; the spaces around them go with the trimming below.
  let text = raw.includes('<')
    ? raw.replace(/<\/?(p|li|ul|ol|div|br|tr)\b[^>]*>/gi, '\n').replace(/<[^>]+>/g, '')
    : raw;
  text = text.replace(/[•▪●◦]/g, '\n');
  if (text.includes('&')) text = decodeEntities(text);
  const paragraphs: string[] = [];
  for (const part of text.split('\n')) {
    const paragraph = SPACE_RUN.test(part) ? part.replace(/\s+/g, ' ').trim() : part.trim();
    if (paragraph !== '') paragraphs.push(paragraph);
  }
  return paragraphs;
}
