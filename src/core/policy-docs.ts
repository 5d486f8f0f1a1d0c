/**
 * The "Who may do what" page, written from the policies themselves: each permission in words, and a table of
 * every role in each relation to a plan, each cell the policies' own verdict for made-up facts of that case.
 */
import { ROLE_NAMES, ROLES, type Role, type UserActor } from '../domain/actor.ts';
import {
  decide,
  PERMISSIONS,
  RULES,
  type Permission,
  type PlanFacts,
  type Subject,
} from '../domain/policies.ts';

const OWN = 'org-own';
const PARTNER = 'org-partner';

const RELATIONS = {
  own: 'the plan’s own organisation',
  joint: 'a partner organisation with joint access',
  read: 'a partner organisation with read access',
  granted: 'an organisation granted advisers’ access',
  none: 'any other organisation',
} as const;
type Relation = keyof typeof RELATIONS;

function actorOf(role: Role, relation: Relation): UserActor {
  return {
    kind: 'user',
    userId: 'user-1',
    name: 'Someone',
    email: 'someone@example.org',
    organisationId: relation === 'own' ? OWN : PARTNER,
    organisationName: 'Partner Trust',
    role,
    personId: 'person-1',
  };
}

/** The facts of the case: the actor leads the action, which is joint with their organisation; a contributor is assigned. */
function subjectFor(permission: Permission, relation: Relation): Subject {
  const plan: PlanFacts = {
    planId: 'plan-1',
    organisationId: OWN,
    shares: new Map(
      relation === 'joint' ? [[PARTNER, 'joint']] : relation === 'read' ? [[PARTNER, 'read']] : [],
    ),
    grantees: new Set(relation === 'granted' ? [PARTNER] : []),
    members: new Set(['user-1']),
    // Named approvers are described in words; the table shows what each role may do.
    approverId: null,
  };
  switch (RULES[permission].subject) {
    case 'plan':
      return { type: 'plan', plan };
    case 'action':
      return {
        type: 'action',
        action: {
          plan,
          joint: true,
          partners: ['Partner Trust'],
          leads: [{ personId: 'person-1', email: 'someone@example.org', employer: null }],
        },
      };
    case 'organisation':
      return { type: 'organisation', organisation: { organisationId: OWN, partnerOf: new Set() } };
    case 'account':
      return { type: 'account', account: { userId: 'user-1', organisationId: OWN } };
  }
}

const VERDICT = { allow: 'yes', forbid: '—', hide: 'not seen' } as const;

export function policyDocument(): string {
  const lines = [
    '# Who may do what',
    '',
    '<!-- Written by `npm run docs:policies` from src/domain/policies.ts; a test checks it is current. -->',
    '',
    'Every change in ipt is a command, and every command asks the one policies module (`src/domain/policies.ts`)',
    'whether its actor may do it. The same answer is given in the browser, the API and the `ipt` command: **403**',
    'when the actor may see the thing but not do that to it, **404** when the actor may not know it exists.',
    '',
    '## Roles',
    '',
    ...ROLES.map((r) => `- \`${r}\` — ${ROLE_NAMES[r]}`),
    '',
    '## Permissions',
    '',
  ];
  for (const permission of PERMISSIONS) {
    const rule = RULES[permission];
    lines.push(`### \`${permission}\``, '', `${rule.describe}. **Who:** ${rule.who}.`, '');
    const relations = (Object.keys(RELATIONS) as Relation[]).filter(
      (r) => rule.subject === 'plan' || rule.subject === 'action' || r === 'own' || r === 'none',
    );
    lines.push(`| role | ${relations.map((r) => RELATIONS[r]).join(' | ')} |`);
    lines.push(`| --- | ${relations.map(() => '---').join(' | ')} |`);
    for (const role of ROLES) {
      const cells = relations.map((relation) => {
        if (rule.subject === 'account') return relation === 'own' ? VERDICT.allow : VERDICT.hide;
        const actor = actorOf(role, relation);
        return VERDICT[decide(actor, permission, subjectFor(permission, relation) as never)];
      });
      lines.push(`| ${role} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(
    'In the tables an action lead leads the action, a contributor is assigned to the plan, and a joint action names',
    "the partner's organisation. The operator at the command line (before an organisation has an account) may do",
    'anything; afterwards `ipt` acts as `--as EMAIL` or as the organisation’s first administrator.',
    '',
  );
  return lines.join('\n');
}
