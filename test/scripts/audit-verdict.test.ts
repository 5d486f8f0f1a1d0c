/** The audit gate: high and critical advisories fail unless allowed with a reason; a refused service is told. */
import { describe, expect, it } from 'vitest';
import { auditVerdict, type AuditReport } from '../../scripts/audit-verdict.ts';

const advisory = (name: string, severity: string, ghsa: string): AuditReport['vulnerabilities'] => ({
  [name]: {
    name,
    severity,
    via: [
      { source: 1, name, title: `A flaw in ${name}`, url: `https://github.com/advisories/${ghsa}`, severity },
    ],
  },
});

describe('judging npm audit', () => {
  const report: AuditReport = {
    vulnerabilities: {
      ...advisory('left-pad', 'critical', 'GHSA-aaaa-bbbb-cccc'),
      ...advisory('tiny-glob', 'high', 'GHSA-dddd-eeee-ffff'),
      ...advisory('slow-regex', 'moderate', 'GHSA-gggg-hhhh-iiii'),
      // A package that only depends on a vulnerable one names it by string: not counted twice.
      wrapper: { name: 'wrapper', severity: 'critical', via: ['left-pad'] },
    },
  };

  it('fails on high and critical advisories, not lower ones', () => {
    const verdict = auditVerdict(report, []);
    expect(verdict).toMatchObject({ checked: true, lower: 1 });
    if (!verdict.checked) throw new Error('unchecked');
    expect(verdict.failing).toHaveLength(2);
    expect(verdict.failing[0]).toContain('GHSA-aaaa-bbbb-cccc');
  });

  it('lets through an advisory the allow-list names for that package, with its reason', () => {
    const verdict = auditVerdict(report, [
      {
        advisory: 'GHSA-aaaa-bbbb-cccc',
        package: 'left-pad',
        reason: 'Only used by the CLI on trusted input',
      },
    ]);
    if (!verdict.checked) throw new Error('unchecked');
    expect(verdict.failing.map((l) => l.split(':')[1]?.trim())).toEqual(['tiny-glob']);
    expect(verdict.allowed).toHaveLength(1);
    // The same advisory for another package is not allowed by it.
    const other = auditVerdict(report, [
      { advisory: 'GHSA-aaaa-bbbb-cccc', package: 'tiny-glob', reason: 'x' },
    ]);
    if (!other.checked) throw new Error('unchecked');
    expect(other.failing).toHaveLength(2);
  });

  it('refuses an allow-list entry without a reason', () => {
    expect(() =>
      auditVerdict(report, [{ advisory: 'GHSA-aaaa-bbbb-cccc', package: 'left-pad', reason: ' ' }]),
    ).toThrow(/needs an advisory and a reason/);
  });

  it('says it did not check when the advisory service refused', () => {
    const verdict = auditVerdict(
      {
        message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
        error: { summary: '' },
      },
      [],
    );
    expect(verdict).toEqual({ checked: false, why: expect.stringContaining('405 Method Not Allowed') });
  });
});
