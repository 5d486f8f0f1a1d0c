/**
 * The one place that answers "may this actor do this to that?". Pure: commands and queries load the facts a
 * decision needs and ask here; routes, templates and repositories hold no permission logic of their own.
 *
 * A decision is one of: allowed; forbidden (the actor may see the thing but not do that to it: 403); hidden (the
 * actor may not know it exists: 404, never revealing another organisation's ids).
 */
import type { Actor, Role, ShareAccess, UserActor } from './actor.ts';

export interface PlanFacts {
  planId: string;
  organisationId: string;
  /** Partner organisation id → the access its share gives. */
  shares: ReadonlyMap<string, ShareAccess>;
  /** Organisations whose advisers the plan's organisation lets read its plans. */
  grantees: ReadonlySet<string>;
  /** Users assigned to the plan as contributors. */
  members: ReadonlySet<string>;
  /** The user named to sign off completed work, beside the plan's managers. */
  approverId: string | null;
}

export interface LeadFacts {
  personId: string | null;
  email: string | null;
  /** The organisation the person works for, as the plan names it. */
  employer: string | null;
}

export interface ActionFacts {
  plan: PlanFacts;
  joint: boolean;
  /** Partner organisations the action names, as written. */
  partners: readonly string[];
  leads: readonly LeadFacts[];
}

export interface OrganisationFacts {
  organisationId: string;
  /** Organisations that list this one as their partner (whose admins may invite its users). */
  partnerOf: ReadonlySet<string>;
}

export interface AccountFacts {
  userId: string;
  organisationId: string;
}

export type Subject =
  | { type: 'plan'; plan: PlanFacts }
  | { type: 'action'; action: ActionFacts }
  | { type: 'organisation'; organisation: OrganisationFacts }
  | { type: 'account'; account: AccountFacts };

type SubjectType = Subject['type'];

/** How the actor reaches a plan: their own organisation's, shared with theirs, granted to advisers, or not at all. */
export type PlanRelation = 'own' | 'shared-read' | 'shared-joint' | 'granted' | null;

export function relationTo(actor: Actor, plan: PlanFacts): PlanRelation {
  if (actor.kind === 'operator') return 'own';
  if (actor.organisationId === plan.organisationId) return 'own';
  const share = plan.shares.get(actor.organisationId);
  if (share) return share === 'joint' ? 'shared-joint' : 'shared-read';
  if (actor.role === 'adviser' && plan.grantees.has(actor.organisationId)) return 'granted';
  return null;
}

type Verdict = 'allow' | 'forbid' | 'hide';

interface Rule<T extends SubjectType> {
  subject: T;
  /** In plain words, for the "Who may do what" page. */
  describe: string;
  /** Who is allowed, in plain words (the page is checked against `decide`). */
  who: string;
  decide(actor: UserActor, subject: Extract<Subject, { type: T }>): Verdict;
}

const MANAGERS: readonly Role[] = ['admin', 'manager'];
/** Roles that ever change anything: board members and advisers only read. */
const WRITERS: readonly Role[] = ['admin', 'manager', 'lead', 'contributor', 'partner'];

const sameEmail = (a: string | null, b: string) => !!a && a.trim().toLowerCase() === b.toLowerCase();
const sameName = (a: string | null | undefined, b: string) =>
  !!a && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The actor is one of the action's leads: the person of the same email, or the person linked to the account. */
export function leadsAction(actor: UserActor, action: ActionFacts): boolean {
  return action.leads.some(
    (l) => (actor.personId !== null && l.personId === actor.personId) || sameEmail(l.email, actor.email),
  );
}

/** A joint action the actor's organisation is named on, or one led by one of its people. */
export function jointWithOrganisation(actor: UserActor, action: ActionFacts): boolean {
  if (action.joint && action.partners.some((p) => sameName(p, actor.organisationName))) return true;
  return action.leads.some((l) => sameName(l.employer, actor.organisationName));
}

function onPlan(verdictForOwn: (actor: UserActor) => boolean) {
  return (actor: UserActor, plan: PlanFacts): Verdict => {
    const relation = relationTo(actor, plan);
    if (relation === null) return 'hide';
    return relation === 'own' && verdictForOwn(actor) ? 'allow' : 'forbid';
  };
}

const planManagers = onPlan((a) => MANAGERS.includes(a.role));

const rule = <T extends SubjectType>(definition: Rule<T>) => definition;

export const RULES = {
  'plan.read': rule({
    subject: 'plan',
    describe:
      'See a plan: its dashboard, structure, actions and milestones, recommendations, people, measures and scorecard',
    who: "Everyone in the plan's organisation; users of a partner organisation it is shared with; advisers of an organisation it has granted access",
    decide: (actor, { plan }) => (relationTo(actor, plan) === null ? 'hide' : 'allow'),
  }),
  'plan.findings': rule({
    subject: 'plan',
    describe: "See what the importer found in the plan's document",
    who: "Everyone in the plan's organisation",
    decide: (actor, { plan }) => onPlan(() => true)(actor, plan),
  }),
  'plan.manage': rule({
    subject: 'plan',
    describe:
      "Run the plan: add actions and milestones, dismiss findings, change measures' settings and upload values from a file",
    who: "Administrators and plan managers of the plan's organisation",
    decide: (actor, { plan }) => planManagers(actor, plan),
  }),
  'plan.share': rule({
    subject: 'plan',
    describe: 'Share a plan with a partner organisation (read or joint) and assign contributors to it',
    who: "Administrators and plan managers of the plan's organisation",
    decide: (actor, { plan }) => planManagers(actor, plan),
  }),
  'measure.values': rule({
    subject: 'plan',
    describe: "Enter a measure's value for a period",
    who: "Administrators and plan managers of the plan's organisation, and contributors assigned to the plan",
    decide: (actor, { plan }) => {
      const relation = relationTo(actor, plan);
      if (relation === null) return 'hide';
      if (relation !== 'own') return 'forbid';
      if (MANAGERS.includes(actor.role)) return 'allow';
      return actor.role === 'contributor' && plan.members.has(actor.userId) ? 'allow' : 'forbid';
    },
  }),
  'action.edit': rule({
    subject: 'action',
    describe: "Change an action's wording, leads, timescale (with a reason), partners and success criteria",
    who: "Administrators and plan managers of the plan's organisation",
    decide: (actor, { action }) => planManagers(actor, action.plan),
  }),
  'action.progress': rule({
    subject: 'action',
    describe: 'Record dated progress on an action or milestone, with its status and evidence',
    who: "Administrators and plan managers of the plan's organisation; its leads on the actions they lead; contributors on the plans they are assigned to; partner users (with joint access) on joint actions naming their organisation or led by its people, and on actions they lead",
    decide: (actor, { action }) => {
      const relation = relationTo(actor, action.plan);
      if (relation === null) return 'hide';
      if (!WRITERS.includes(actor.role)) return 'forbid';
      if (relation === 'own') {
        if (MANAGERS.includes(actor.role)) return 'allow';
        if (actor.role === 'lead' && leadsAction(actor, action)) return 'allow';
        if (actor.role === 'contributor' && action.plan.members.has(actor.userId)) return 'allow';
        return 'forbid';
      }
      if (relation === 'shared-joint' && (jointWithOrganisation(actor, action) || leadsAction(actor, action)))
        return 'allow';
      return 'forbid';
    },
  }),
  'action.signOff': rule({
    subject: 'action',
    describe: 'Sign off an action or milestone its lead has marked complete, or return it with a reason',
    who: "Administrators and plan managers of the plan's organisation, and the user the plan names as its approver",
    decide: (actor, { action }) => {
      const relation = relationTo(actor, action.plan);
      if (relation === null) return 'hide';
      if (relation !== 'own') return 'forbid';
      return MANAGERS.includes(actor.role) || actor.userId === action.plan.approverId ? 'allow' : 'forbid';
    },
  }),
  'plan.import': rule({
    subject: 'organisation',
    describe: 'Import a plan (Word, Excel, CSV, text or Plan JSON) into the organisation',
    who: 'Administrators and plan managers of the organisation; for a partner organisation (a safeguarding partnership, say), also those of the organisations that list it as a partner',
    decide: (actor, { organisation }) => {
      const own = actor.organisationId === organisation.organisationId;
      const sponsor = organisation.partnerOf.has(actor.organisationId);
      if (!own && !sponsor) return 'hide';
      return MANAGERS.includes(actor.role) ? 'allow' : 'forbid';
    },
  }),
  'organisation.users': rule({
    subject: 'organisation',
    describe: "Invite users, change their roles, deactivate them; see the organisation's accounts",
    who: "The organisation's administrators; for a partner organisation, also the administrators of the organisations that list it as a partner",
    decide: (actor, { organisation }) => {
      const own = actor.organisationId === organisation.organisationId;
      const sponsor = organisation.partnerOf.has(actor.organisationId);
      if (!own && !sponsor) return 'hide';
      return actor.role === 'admin' ? 'allow' : 'forbid';
    },
  }),
  'organisation.partners': rule({
    subject: 'organisation',
    describe: 'Add partner organisations, and grant advisers of another organisation read access',
    who: "The organisation's administrators",
    decide: (actor, { organisation }) => {
      if (actor.organisationId !== organisation.organisationId) return 'hide';
      return actor.role === 'admin' ? 'allow' : 'forbid';
    },
  }),
  'organisation.audit': rule({
    subject: 'organisation',
    describe: "See the organisation's audit log and check that its hash chain is unbroken",
    who: "The organisation's administrators",
    decide: (actor, { organisation }) => {
      if (actor.organisationId !== organisation.organisationId) return 'hide';
      return actor.role === 'admin' ? 'allow' : 'forbid';
    },
  }),
  'organisation.signIn': rule({
    subject: 'organisation',
    describe:
      "Choose how the organisation's users sign in: local passwords on or off, a second factor required, which email domains' council accounts may make an account",
    who: "The organisation's administrators",
    decide: (actor, { organisation }) => {
      if (actor.organisationId !== organisation.organisationId) return 'hide';
      return actor.role === 'admin' ? 'allow' : 'forbid';
    },
  }),
  'account.manage': rule({
    subject: 'account',
    describe: 'See and end your own sessions; create and revoke your own personal access tokens',
    who: 'The account holder',
    decide: (actor, { account }) => (actor.userId === account.userId ? 'allow' : 'hide'),
  }),
};

export type Permission = keyof typeof RULES;
export const PERMISSIONS = Object.keys(RULES) as Permission[];

export type SubjectFor<P extends Permission> = Extract<Subject, { type: (typeof RULES)[P]['subject'] }>;

/** The verdict for an actor; the operator at the command line may do anything. */
export function decide<P extends Permission>(actor: Actor, permission: P, subject: SubjectFor<P>): Verdict {
  if (actor.kind === 'operator') return 'allow';
  const rule = RULES[permission] as Rule<SubjectType>;
  if (rule.subject !== subject.type)
    throw new Error(`${permission} is decided on a ${rule.subject}, not a ${subject.type}`);
  return rule.decide(actor, subject);
}

export function can<P extends Permission>(actor: Actor, permission: P, subject: SubjectFor<P>): boolean {
  return decide(actor, permission, subject) === 'allow';
}
