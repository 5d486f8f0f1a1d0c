/**
 * Emails about one action, queued in the transaction of the change that causes them (so they go only if it commits):
 * sign-off requested (to the plan's managers and its approver), signed off or returned (to its leads), a due date
 * change awaiting approval (to the managers) and its answer (to whoever asked). Nobody is told of their own change.
 */
import type { Executor } from '../db/connection.ts';
import { fromJson } from '../db/repositories/rows.ts';
import type { EmailKind } from '../domain/email-kinds.ts';
import { noticeMessage } from './messages.ts';
import { unsubscribePath } from './signed-links.ts';
import type { CommandContext } from './runner.ts';

interface Recipient {
  id: string;
  email: string;
  name: string;
  muted_kinds: string | null;
}

const RECIPIENT = ['id', 'email', 'name', 'muted_kinds'] as const;

async function actionOf(db: Executor, actionId: string) {
  return db
    .selectFrom('actions')
    .innerJoin('plans', 'plans.id', 'actions.plan_id')
    .select([
      'actions.id',
      'actions.ref',
      'actions.text',
      'actions.organisation_id',
      'plans.id as plan_id',
      'plans.title as plan_title',
      'plans.sign_off_approver_id',
    ])
    .where('actions.id', '=', actionId)
    .executeTakeFirstOrThrow();
}

/** The plan organisation's administrators and managers, and the plan's approver. */
async function managersOf(
  db: Executor,
  organisationId: string,
  approverId: string | null,
): Promise<Recipient[]> {
  return db
    .selectFrom('users')
    .select(RECIPIENT)
    .where('deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('organisation_id', '=', organisationId), eb('role', 'in', ['admin', 'manager'])]),
        ...(approverId ? [eb('id', '=', approverId)] : []),
      ]),
    )
    .execute();
}

/** The accounts of the action's leads: linked to the person, or of the person's email. */
async function leadsOf(db: Executor, actionId: string): Promise<Recipient[]> {
  const people = await db
    .selectFrom('action_leads')
    .innerJoin('people', 'people.id', 'action_leads.person_id')
    .select(['people.id', 'people.email'])
    .where('action_leads.action_id', '=', actionId)
    .execute();
  if (people.length === 0) return [];
  const emails = people.map((p) => p.email?.toLowerCase()).filter((e): e is string => Boolean(e));
  return db
    .selectFrom('users')
    .select(RECIPIENT)
    .where('deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb(
          'person_id',
          'in',
          people.map((p) => p.id),
        ),
        ...(emails.length ? [eb('email', 'in', emails)] : []),
      ]),
    )
    .execute();
}

async function tell(
  ctx: CommandContext,
  recipients: Recipient[],
  notice: {
    kind: string;
    organisationId: string;
    subject: string;
    paragraphs: string[];
    path: string;
    /** The kind of email it is, for those who turned it off; none: it always comes. */
    mutable: EmailKind | null;
  },
) {
  const seen = new Set<string>();
  for (const person of recipients) {
    if (person.id === ctx.actor.userId || seen.has(person.id)) continue;
    seen.add(person.id);
    if (notice.mutable && fromJson<string[]>(person.muted_kinds, []).includes(notice.mutable)) continue;
    await ctx.sendMail({
      organisationId: notice.organisationId,
      kind: notice.kind,
      to: person.email,
      ...noticeMessage({
        name: person.name,
        subject: notice.subject,
        paragraphs: notice.paragraphs,
        link: { text: 'Open the action', url: `${ctx.features.publicUrl}${notice.path}` },
        unsubscribeUrl: notice.mutable
          ? `${ctx.features.publicUrl}${unsubscribePath(ctx.features.secretKey, person.id, notice.mutable)}`
          : null,
      }),
    });
  }
}

const named = (a: { ref: string | null; text: string }) =>
  `${a.ref ? `${a.ref} ` : ''}${a.text.length > 90 ? `${a.text.slice(0, 87)}…` : a.text}`;

export async function notifySignOffRequested(ctx: CommandContext, actionId: string) {
  const action = await actionOf(ctx.trx, actionId);
  await tell(ctx, await managersOf(ctx.trx, action.organisation_id, action.sign_off_approver_id), {
    kind: 'sign-off-requested',
    organisationId: action.organisation_id,
    subject: `Sign-off requested: ${named(action)}`,
    paragraphs: [
      `${ctx.actor.name} has marked “${named(action)}” in ${action.plan_title} complete. It needs your sign-off.`,
    ],
    path: `/actions/${action.id}`,
    mutable: null,
  });
}

export async function notifySignOffDecision(
  ctx: CommandContext,
  actionId: string,
  decision: 'approve' | 'return',
  reason: string | undefined,
) {
  const action = await actionOf(ctx.trx, actionId);
  const signedOff = decision === 'approve';
  await tell(ctx, await leadsOf(ctx.trx, actionId), {
    kind: signedOff ? 'signed-off' : 'sign-off-returned',
    mutable: 'sign-off-decision',
    organisationId: action.organisation_id,
    subject: `${signedOff ? 'Signed off' : 'Returned without sign-off'}: ${named(action)}`,
    paragraphs: signedOff
      ? [
          `${ctx.actor.name} has signed off “${named(action)}” in ${action.plan_title}: it counts as complete.`,
        ]
      : [
          `${ctx.actor.name} has returned “${named(action)}” in ${action.plan_title} without signing it off.`,
          `What is missing: ${reason ?? ''}`,
        ],
    path: `/actions/${action.id}`,
  });
}

export async function notifyDueChangeRequested(
  ctx: CommandContext,
  actionId: string,
  due: string,
  reason: string,
) {
  const action = await actionOf(ctx.trx, actionId);
  await tell(ctx, await managersOf(ctx.trx, action.organisation_id, null), {
    kind: 'due-change-requested',
    mutable: 'due-change',
    organisationId: action.organisation_id,
    subject: `A new due date awaits your approval: ${named(action)}`,
    paragraphs: [
      `${ctx.actor.name} asks to move “${named(action)}” in ${action.plan_title} to “${due}”.`,
      `Why: ${reason}`,
    ],
    path: `/actions/${action.id}`,
  });
}

export async function notifyDueChangeDecided(
  ctx: CommandContext,
  actionId: string,
  requesterId: string | null,
  state: 'approved' | 'refused',
  note: string | undefined,
) {
  if (!requesterId) return;
  const action = await actionOf(ctx.trx, actionId);
  const requester = await ctx.trx
    .selectFrom('users')
    .select(RECIPIENT)
    .where('id', '=', requesterId)
    .where('deactivated_at', 'is', null)
    .execute();
  await tell(ctx, requester, {
    kind: 'due-change-decided',
    mutable: 'due-change',
    organisationId: action.organisation_id,
    subject: `New due date ${state}: ${named(action)}`,
    paragraphs: [
      `${ctx.actor.name} has ${state} the new due date you asked for on “${named(action)}” in ${action.plan_title}.`,
      ...(note ? [`Note: ${note}`] : []),
    ],
    path: `/actions/${action.id}`,
  });
}
