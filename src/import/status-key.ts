/**
 * The RAG key a plan prints ("Key to RAG rating": a small table or a few lines, a colour and what it means)
 * becomes the plan's status key, so its statuses are read with the plan's own words ("Significant concern" is
 * red in the plan that says so).
 */
import type { StatusKeyEntry, Colour, WorkState } from '../domain/status.ts';
import { cellText, type Block, type TableBlock } from './model.ts';

const COLOUR_WORDS: [RegExp, Colour][] = [
  [/^(red|r)$/i, 'red'],
  [/^(amber|a|yellow)$/i, 'amber'],
  [/^(green|g)$/i, 'green'],
  [/^(blue|b|purple)$/i, 'blue'],
  [/^(grey|gray|white|black)$/i, 'grey'],
];
const KEY_HEADING =
  /^(rag\s+)?key\b|\bkey to (the )?(rag|ratings?|status)|^rag (rating|status)?\s*key|^rating key/i;

const colourOf = (text: string): Colour | null =>
  COLOUR_WORDS.find(([pattern]) => pattern.test(text.trim().replace(/[:.–-]+$/, '')))?.[1] ?? null;
const stateOf = (colour: Colour): WorkState =>
  colour === 'blue' ? 'complete' : colour === 'grey' ? 'not_started' : 'in_progress';

/** "Red" + "Significant concern": labelled with the plan's words, the colour's name kept as the description. */
function entry(colour: Colour, meaning: string): StatusKeyEntry {
  const text = meaning.replace(/\s+/g, ' ').trim();
  // A long explanation is the description; a short phrase is the label leads write in their status cells.
  return text && text.split(' ').length <= 6
    ? { label: text.replace(/[.;]$/, ''), state: stateOf(colour), colour, description: null }
    : {
        label: colour.charAt(0).toUpperCase() + colour.slice(1),
        state: stateOf(colour),
        colour,
        description: text || null,
      };
}

/** A two-column table of colours and their meanings, in either order. */
export function keyOfTable(table: TableBlock): StatusKeyEntry[] | null {
  const rows = table.rows.filter((r) => r.cells.some((c) => c.paragraphs.length > 0));
  if (rows.length < 3 || rows.length > 8) return null;
  const entries: StatusKeyEntry[] = [];
  for (const row of rows) {
    const cells = row.cells.map((c) => cellText(c).trim()).filter(Boolean);
    if (cells.length !== 2) continue;
    const [a, b] = cells as [string, string];
    const colour = colourOf(a) ?? colourOf(b);
    if (colour) entries.push(entry(colour, colourOf(a) ? b : a));
  }
  return entries.length >= 3 && entries.length >= rows.length - 1 ? entries : null;
}

/** "Red – significant concern" lines under a "Key" heading. */
function keyOfLines(lines: string[]): StatusKeyEntry[] | null {
  const entries = lines.flatMap((line) => {
    const match = /^(\w+)\s*[:=–—-]\s*(.+)$/.exec(line.trim());
    const colour = match ? colourOf(match[1] ?? '') : null;
    return colour ? [entry(colour, match?.[2] ?? '')] : [];
  });
  return entries.length >= 3 ? entries : null;
}

export interface FoundKey {
  entries: StatusKeyEntry[];
  /** The blocks that print it, left out of the plan's structure. */
  blocks: Set<Block>;
}

export function findStatusKey(blocks: Block[]): FoundKey | null {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    const heading = block.type !== 'table' && KEY_HEADING.test(block.text.trim()) && block.text.length < 60;
    if (block.type === 'table') {
      const entries = keyOfTable(block);
      const before = blocks[i - 1];
      const named = before && before.type !== 'table' && KEY_HEADING.test(before.text.trim());
      // Without a "Key" heading, only a table of colours and nothing else.
      if (entries && (named || entries.length === block.rows.length))
        return { entries, blocks: new Set([block]) };
      continue;
    }
    if (!heading) continue;
    const following: Block[] = [];
    for (let j = i + 1; j < blocks.length && following.length < 8; j++) {
      const next = blocks[j] as Block;
      if (next.type === 'table') break;
      following.push(next);
    }
    const run = following.filter(
      (b) => b.type !== 'table' && colourOf(/^(\w+)/.exec(b.text.trim())?.[1] ?? '') !== null,
    );
    const entries = keyOfLines(run.map((b) => (b.type === 'table' ? '' : b.text)));
    if (entries) return { entries, blocks: new Set([block, ...run]) };
  }
  return null;
}
