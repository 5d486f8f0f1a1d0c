/**
 * What `npm audit --omit=dev --json` found, judged: high and critical advisories fail the build unless the
 * reviewed allow-list (audit-allow.json) names them with a reason. Kept apart from running npm so it is tested.
 */
export interface AllowedAdvisory {
  /** The advisory's address or GHSA id, as npm audit prints it. */
  advisory: string;
  package: string;
  reason: string;
}

interface AuditVia {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}

export interface AuditReport {
  /** npm's own failure (the advisory service refused or could not be reached), with its HTTP message. */
  error?: { code?: string; summary?: string; detail?: string };
  message?: string;
  vulnerabilities?: Record<string, { name: string; severity: string; via: (AuditVia | string)[] }>;
}

export type AuditVerdict =
  { checked: false; why: string } | { checked: true; failing: string[]; allowed: string[]; lower: number };

const BLOCKING = new Set(['high', 'critical']);

/** The GHSA id of an advisory's address (https://github.com/advisories/GHSA-…), or the address itself. */
const idOf = (url: string) => /GHSA-[\w-]+$/.exec(url)?.[0] ?? url;

export function auditVerdict(report: AuditReport, allowList: AllowedAdvisory[]): AuditVerdict {
  const unreasoned = allowList.filter((a) => !a.reason?.trim() || !a.advisory?.trim());
  if (unreasoned.length)
    throw new Error(
      `audit-allow.json: every entry needs an advisory and a reason (${unreasoned.length} without)`,
    );
  if (report.error)
    return {
      checked: false,
      why: report.error.summary || report.message || report.error.code || 'npm audit failed',
    };
  const failing: string[] = [];
  const allowed: string[] = [];
  let lower = 0;
  for (const vulnerability of Object.values(report.vulnerabilities ?? {})) {
    // Advisories are listed on the package they are in; packages that only depend on one name it by string.
    for (const via of vulnerability.via) {
      if (typeof via === 'string') continue;
      const severity = via.severity ?? vulnerability.severity;
      const id = idOf(via.url ?? String(via.source ?? ''));
      const line = `${severity}: ${vulnerability.name}: ${via.title ?? id} (${id})`;
      if (!BLOCKING.has(severity)) lower += 1;
      else if (allowList.some((a) => idOf(a.advisory) === id && a.package === vulnerability.name))
        allowed.push(line);
      else failing.push(line);
    }
  }
  return { checked: true, failing, allowed, lower };
}
