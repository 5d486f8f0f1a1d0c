/** Something a reader, parser or rule noticed and wants a person to see. Never thrown: always returned. */
export type Severity = 'error' | 'warning' | 'info';

export interface FindingLocation {
  file?: string;
  /** The table (or sheet) of a Word or Excel document whose rows `row` counts, 1 for the first. */
  table?: number;
  sheet?: string;
  line?: number;
  row?: number;
  field?: string;
  text?: string;
}

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  location?: FindingLocation;
  /** What the finding concerns, e.g. { type: 'action', ref: '1.2' }. */
  subject?: { type: 'action' | 'recommendation' | 'measure' | 'section'; id: string };
}

export function finding(
  severity: Severity,
  code: string,
  message: string,
  location?: FindingLocation,
): Finding {
  return location ? { severity, code, message, location } : { severity, code, message };
}
