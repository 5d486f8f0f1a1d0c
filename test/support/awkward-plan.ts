/**
 * A plan laid out as the importer would not guess: headings in its own words ("Thing to do", "Finish"),
 * "Ambition 1: …" rows for its sections, "Ask 1 – …" rows for its recommendations, and no date. Read as it comes,
 * it has no sections and no recommendations; with the mapping a programme manager gives in the preview, it is right.
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow, WidthType } from 'docx';

export const AWKWARD = {
  ambitions: ['Ambition 1: Children get help early', 'Ambition 2: Children in care thrive'],
  asks: [
    [
      'Ask 1 – Families are offered early help within a week',
      'Ask 2 – Schools refer families with confidence',
    ],
    ['Ask 3 – Placements last for children', 'Ask 4 – Care leavers have a home of their own'],
  ],
  actions: [
    ['Open two family hubs in the north of the borough', 'Train hub staff in the family assessment'],
    ['Publish a schools guide to early help referrals', 'Hold termly forums with head teachers'],
    ['Recruit twelve foster carers for teenagers', 'Review every placement with two moves'],
    ['Agree a housing protocol for care leavers', 'Open a supported lodgings scheme'],
  ],
  leads: ['Nadia Brooks', 'Owen Pike'],
};

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
const across = (text: string) =>
  new TableRow({ children: [new TableCell({ columnSpan: 4, children: [new Paragraph(text)] })] });

export async function awkwardPlanDocx(): Promise<Buffer> {
  const rows: TableRow[] = [
    new TableRow({ children: ['Thing to do', 'Finish', 'Owner', 'How it is going'].map(cell) }),
  ];
  AWKWARD.ambitions.forEach((ambition, a) => {
    rows.push(across(ambition));
    AWKWARD.asks[a]!.forEach((ask, k) => {
      rows.push(across(ask));
      AWKWARD.actions[a * 2 + k]!.forEach((text, i) =>
        rows.push(
          new TableRow({
            children: [
              text,
              `${10 + i} ${['March', 'June'][a]} 2027`,
              AWKWARD.leads[i]!,
              ['Green', 'Amber'][k]!,
            ].map(cell),
          }),
        ),
      );
    });
  });
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph('Northmere Borough Council'),
          // No date of its own: the preview warns that relative timescales cannot be dated.
          new Paragraph('Improvement Plan for Children'),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
