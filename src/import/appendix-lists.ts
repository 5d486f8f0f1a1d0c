/**
 * Numbered lists of inspection recommendations under timeframe headings ("Immediately:", "Within three
 * months:") and of Improvement Notice targets: each item becomes a recommendation with its timeframe and source.
 */
import type { SourceDoc } from '../domain/plan-format.ts';
import type { TextBlock } from './model.ts';
import type { PlanBuilder } from './plan-builder.ts';
import { sourceBodyOf } from './references.ts';

export interface ListContext {
  body: SourceDoc['body'];
  sourceId: string;
  prefix: string;
  kind: 'recommendation' | 'target';
  timeframe: string | null;
  last: { text: string } | null;
}

const LIST_HEADING =
  /^(?:appendix\s*(?:\d+|[A-Z]\b)?\s*[:.–-]?\s*)?(?:(?:ofsted|cqc|inspection|peer challenge)\b.*\b(?:recommendations|areas for (?:improvement|development))|.*improvement notice targets?|.*notice targets|(?:ofsted|cqc|inspection) recommendations)\s*:?$/i;
const TIMEFRAME =
  /^(immediately|within (?:\w+|\d+) (?:weeks?|months?)|by [\w\s]+|in the longer term|longer term)\s*:?$/i;
const NUMBERED = /^(\d{1,3})[.)]\s+(.+)$/;

const PREFIX: Record<string, string> = {
  ofsted: 'O',
  improvement_notice: 'IN',
  cqc: 'CQC',
  peer_challenge: 'PC',
};

/** "Appendix A: Ofsted recommendations", "Improvement Notice targets": a list of them follows. */
export const isListHeading = (text: string): boolean =>
  text.trim().length <= 90 && LIST_HEADING.test(text.trim());

export function startList(text: string, builder: PlanBuilder): ListContext | null {
  const line = text.trim();
  if (!isListHeading(line)) return null;
  const body = sourceBodyOf(line);
  const title = line.replace(/^appendix\s*(?:\d+|[A-Z]\b)?\s*[:.–-]?\s*/i, '').replace(/:$/, '');
  return {
    body,
    sourceId: builder.sourceFor(body, title, null),
    prefix: PREFIX[body] ?? 'R',
    kind: body === 'improvement_notice' ? 'target' : 'recommendation',
    timeframe: null,
    last: null,
  };
}

/** Reads one text block inside a list; false when the block ends the list. */
export function continueList(list: ListContext, block: TextBlock, builder: PlanBuilder): boolean {
  const text = block.text.trim();
  if (TIMEFRAME.test(text)) {
    list.timeframe = text.replace(/:$/, '');
    return true;
  }
  const numbered = NUMBERED.exec(text);
  if (numbered && block.type !== 'list_item') {
    const recommendation = {
      id: builder.nextId('r'),
      ref: `${list.prefix}${numbered[1]}`,
      sectionId: null,
      kind: list.kind,
      text: (numbered[2] ?? '').trim(),
      sourceId: list.sourceId,
      alsoFrom: [],
      reportRefs: [],
      timeframe: list.timeframe,
      closure: null,
    };
    builder.recommendations.push(recommendation);
    list.last = recommendation;
    return true;
  }
  if (block.type === 'list_item' && list.last) {
    list.last.text += `\n- ${text}`;
    return true;
  }
  // A sub-heading such as "Areas for improvement for LOOKED AFTER CHILDREN" keeps the list going.
  if (/areas? for (improvement|development)|recommendations/i.test(text) && text.length < 90) return true;
  return false;
}
