/**
 * The filters of the structure page and of the recommendation register, as their forms and the API's queries write
 * them: one reading for the pages and the API alike.
 */
import type { ActionFilter } from '../core/read-models/action-views.ts';
import type { RegisterFilter } from '../core/read-models/recommendation-register.ts';
import { isIsoDate } from '../domain/calendar.ts';
import { isoFromParts } from './date-input.ts';

export type FilterQuery = Partial<Record<keyof ActionFilter | 'view', string>>;

/** A date as the MOJ date picker writes it (31/3/2027), or as ISO (2027-03-31) from older links; else none. */
function readFilterDate(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (slashed)
    return isoFromParts(slashed[1] as string, slashed[2] as string, slashed[3] as string) ?? undefined;
  return isIsoDate(value) ? value : undefined;
}

/** The register's filters as the page's form and the API's query write them. */
export function readRegisterFilter(query: Record<string, string | undefined>): RegisterFilter {
  return {
    source: query.source || undefined,
    section: query.section || undefined,
    status: query.status || undefined,
    gap: query.gap === 'yes' || query.gap === 'true',
  };
}

export function readFilter(query: FilterQuery): ActionFilter {
  return {
    lead: query.lead || undefined,
    rag: query.rag || undefined,
    state: query.state || undefined,
    overdue: query.overdue === 'yes' || query.overdue === 'true',
    dueBefore: readFilterDate(query.dueBefore),
    source: query.source || undefined,
    section: query.section || undefined,
    q: query.q || undefined,
    dueSoon: query.dueSoon === 'yes',
    recent: query.recent === 'yes',
    differs: query.differs === 'yes',
  };
}
