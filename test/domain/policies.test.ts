/** The policies decide on facts alone: these cases are the rules of "Who may do what", one by one. */
import { describe, expect, it } from 'vitest';
import { OPERATOR, type Role, type UserActor } from '../../src/domain/actor.ts';
import {
  decide,
  leadsAction,
  jointWithOrganisation,
  type ActionFacts,
  type PlanFacts,
} from '../../src/domain/policies.ts';

const actor = (role: Role, organisationId = 'council', extra: Partial<UserActor> = {}): UserActor => ({
  kind: 'user',
  userId: 'u1',
  name: 'Someone',
  email: 'someone@council.example',
  organisationId,
  organisationName: organisationId === 'trust' ? 'Riverside NHS Trust' : 'Riverside Council',
  role,
  personId: null,
  ...extra,
});

const plan = (extra: Partial<PlanFacts> = {}): PlanFacts => ({
  planId: 'p1',
  organisationId: 'council',
  shares: new Map(),
  grantees: new Set(),
  members: new Set(),
  approverId: null,
  ...extra,
});

const action = (extra: Partial<ActionFacts> = {}): ActionFacts => ({
  plan: plan(),
  joint: false,
  partners: [],
  leads: [{ personId: 'person-grace', email: 'grace@council.example', employer: 'Riverside Council' }],
  ...extra,
});

const progress = (who: UserActor, on: ActionFacts) =>
  decide(who, 'action.progress', { type: 'action', action: on });

describe('policies', () => {
  it('lets a lead record progress only on the actions they lead, by email or by the linked person', () => {
    expect(progress(actor('lead'), action())).toBe('forbid');
    expect(progress(actor('lead', 'council', { email: 'GRACE@council.example' }), action())).toBe('allow');
    expect(progress(actor('lead', 'council', { personId: 'person-grace' }), action())).toBe('allow');
    expect(leadsAction(actor('lead', 'council', { personId: 'someone-else' }), action())).toBe(false);
  });

  it('lets a contributor record progress on the plans they are assigned to, and no others', () => {
    expect(progress(actor('contributor'), action())).toBe('forbid');
    expect(progress(actor('contributor'), action({ plan: plan({ members: new Set(['u1']) }) }))).toBe(
      'allow',
    );
  });

  it('lets a partner with joint access update the joint actions naming its organisation or led by its people', () => {
    const shared = plan({ shares: new Map([['trust', 'joint']]) });
    const partner = actor('partner', 'trust');
    expect(progress(partner, action({ plan: shared }))).toBe('forbid');
    expect(progress(partner, action({ plan: shared, joint: true, partners: ['riverside nhs trust'] }))).toBe(
      'allow',
    );
    // Named as a partner, but the action is not joint: not theirs to update.
    expect(progress(partner, action({ plan: shared, joint: false, partners: ['Riverside NHS Trust'] }))).toBe(
      'forbid',
    );
    const ledByTrust = action({
      plan: shared,
      leads: [{ personId: null, email: null, employer: 'Riverside NHS Trust' }],
    });
    expect(jointWithOrganisation(partner, ledByTrust)).toBe(true);
    expect(progress(partner, ledByTrust)).toBe('allow');
    // The same action with read access only: seen, not updated.
    const readOnly = { ...ledByTrust, plan: plan({ shares: new Map([['trust', 'read']]) }) };
    expect(progress(partner, readOnly)).toBe('forbid');
    // Without a share the plan does not exist for them.
    expect(progress(partner, { ...ledByTrust, plan: plan() })).toBe('hide');
  });

  it('never lets a board member or an adviser change anything, and hides what is not theirs to see', () => {
    const granted = plan({ grantees: new Set(['dfe']) });
    for (const permission of ['plan.manage', 'plan.share', 'measure.values'] as const) {
      expect(decide(actor('board'), permission, { type: 'plan', plan: plan() })).toBe('forbid');
      expect(decide(actor('adviser', 'dfe'), permission, { type: 'plan', plan: granted })).toBe('forbid');
    }
    expect(decide(actor('adviser', 'dfe'), 'plan.read', { type: 'plan', plan: granted })).toBe('allow');
    // Only advisers use a grant: an admin of the same government body does not read the plans.
    expect(decide(actor('admin', 'dfe'), 'plan.read', { type: 'plan', plan: granted })).toBe('hide');
    expect(decide(actor('admin', 'elsewhere'), 'plan.read', { type: 'plan', plan: plan() })).toBe('hide');
    expect(
      progress(
        actor('board'),
        action({ leads: [{ personId: null, email: 'someone@council.example', employer: null }] }),
      ),
    ).toBe('forbid');
  });

  it("lets managers and the plan's named approver sign off completed work, and no one else", () => {
    const signOff = (who: UserActor, approverId: string | null) =>
      decide(who, 'action.signOff', { type: 'action', action: action({ plan: plan({ approverId }) }) });
    expect(signOff(actor('manager'), null)).toBe('allow');
    expect(signOff(actor('admin'), null)).toBe('allow');
    // A Director with a board member's role signs off when the plan names them, not otherwise.
    expect(signOff(actor('board'), 'u1')).toBe('allow');
    expect(signOff(actor('board'), 'u2')).toBe('forbid');
    expect(signOff(actor('lead'), null)).toBe('forbid');
    // Naming a user of a partner organisation gives it nothing: sign-off stays with the plan's own organisation.
    const partnerPlan = plan({ approverId: 'u1', shares: new Map([['trust', 'joint']]) });
    expect(
      decide(actor('manager', 'trust'), 'action.signOff', {
        type: 'action',
        action: action({ plan: partnerPlan }),
      }),
    ).toBe('forbid');
    expect(signOff(actor('manager', 'elsewhere'), null)).toBe('hide');
  });

  it('lets the admins of a sponsoring organisation manage its partner’s accounts, and no one else outside', () => {
    const trust = {
      type: 'organisation',
      organisation: { organisationId: 'trust', partnerOf: new Set(['council']) },
    } as const;
    expect(decide(actor('admin'), 'organisation.users', trust)).toBe('allow');
    expect(decide(actor('manager'), 'organisation.users', trust)).toBe('forbid');
    expect(decide(actor('admin', 'elsewhere'), 'organisation.users', trust)).toBe('hide');
    expect(decide(actor('admin', 'trust'), 'organisation.users', trust)).toBe('allow');
  });

  it('lets the operator at the command line do anything', () => {
    expect(decide(OPERATOR, 'plan.manage', { type: 'plan', plan: plan() })).toBe('allow');
    expect(decide(OPERATOR, 'action.edit', { type: 'action', action: action() })).toBe('allow');
  });
});
