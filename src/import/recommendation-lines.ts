/**
 * A line that states a recommendation, as plans write them in a row across the action table, as a heading above
 * it, or at the head of its cell: "Recommendation 4: …", "R4 …", "R4 RECOMMENDATION: …", "Rec 4 – …", "Area of
 * concern 4: …", and, where nothing else could be meant (a line of its own between tables, a row across the table),
 * "4. …", "A) …", "(iv) …".
 */

export interface RecommendationLine {
  ref: string | null;
  text: string;
}

const SEPARATOR = '\\s*[:.–—)-]?\\s*';
// "R4 RECOMMENDATION: …", "Recommendation 4: …", "Rec. 4 – …", "Recommendation: …"
const LABELLED = new RegExp(
  `^(?:(R\\s?\\d+)${SEPARATOR})?(recommendations?|rec\\.?|areas? of concern)(?:\\s*(?:no\\.?\\s*)?(\\d+|[A-Z]\\b|[ivx]+\\b))?\\s*[:.–—-]\\s*(.{10,})$`,
  'i',
);
// "R4 Improve …", "R4: Improve …", "R 4 – Improve …"
const R_NUMBER = new RegExp(`^(R\\s?\\d+)${SEPARATOR}([A-Z].{10,})$`);
// Only on a line of its own: "4. Improve …", "4) …", "(4) …", "A) …", "(iv) …", "iv. …"
const LOOSE = [
  /^\(?(\d{1,2})[.)]\s+([A-Z].{14,})$/,
  /^\(?([A-Z])[.)]\s+([A-Z].{14,})$/,
  /^\(?([ivx]{1,5})[.)]\s+([A-Z].{14,})$/i,
];

/** `alone`: the line stands by itself (a paragraph between tables, a row across a table), not inside a cell. */
export function readRecommendationLine(text: string, alone: boolean): RecommendationLine | null {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length > 1_000) return null;
  const labelled = LABELLED.exec(line);
  if (labelled) {
    // "Recommendation 4" is R4; "Area of concern 4" is 4.
    const number = labelled[3] ? (/^rec/i.test(labelled[2] ?? '') ? `R${labelled[3]}` : labelled[3]) : null;
    const ref = labelled[1]?.replace(/\s/g, '') ?? number;
    return { ref, text: (labelled[4] ?? '').trim() };
  }
  const rNumber = R_NUMBER.exec(line);
  if (rNumber) return { ref: (rNumber[1] ?? '').replace(/\s/g, ''), text: (rNumber[2] ?? '').trim() };
  if (!alone) return null;
  for (const pattern of LOOSE) {
    const match = pattern.exec(line);
    if (match) return { ref: match[1] ?? null, text: (match[2] ?? '').trim() };
  }
  return null;
}
