/**
 * Emails about one action, queued in the transaction of the change that causes them (so they go only if it commits):
 * sign-off requested (to the plan's managers and its approver), signed off or returned (to its leads), a due date
 * change awaiting approval (to the managers) and its answer (to whoever asked). Nobody is told of their own change.
 */
import type { Executor } from '../db/connection.ts';
import { fromJson } from '../db/repositories/rows.ts';
import { activeRecipients, leadsOf, managersOf, type Recipient } from './followers.ts';
import type { EmailKind } from '../domain/email-kinds.ts';
import { noticeMessage, type Message } from './messages.ts';
import { unsubscribePath } from './signed-links.ts';
import type { CommandContext } from './runner.ts';

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

export interface Notice {
  kind: string;
  organisationId: string;
  subject: string;
  paragraphs: string[];
  path: string;
  /** The words of the link to the page (default: "Open the action"). */
  linkText?: string;
  /** The kind of email it is, for those who turned it off; none: it always comes. */
  mutable: EmailKind | null;
}

export interface Telling {
  /** Who made the change: nobody is told of their own. */
  actorId: string | null;
  publicUrl: string;
  secretKey: string;
  send: (
    mail: { organisationId: string; kind: string; to: string; dedupeKey?: string } & Message,
  ) => Promise<void>;
  /** Each recipient's message key, so that making the notice again queues nothing twice. */
  dedupeKey?: (userId: string) => string;
}

/** One email per recipient (once each, never to the actor, not to those who turned its kind off). */
export async function tellEach(telling: Telling, recipients: Recipient[], notice: Notice) {
  const seen = new Set<string>();
  for (const person of recipients) {
    if (person.id === telling.actorId || seen.has(person.id)) continue;
    seen.add(person.id);
    if (notice.mutable && fromJson<string[]>(person.muted_kinds, []).includes(notice.mutable)) continue;
    await telling.send({
      organisationId: notice.organisationId,
      kind: notice.kind,
      to: person.email,
      ...(telling.dedupeKey ? { dedupeKey: telling.dedupeKey(person.id) } : {}),
      ...noticeMessage({
        name: person.name,
        subject: notice.subject,
        paragraphs: notice.paragraphs,
        link: { text: notice.linkText ?? 'Open the action', url: `${telling.publicUrl}${notice.path}` },
        unsubscribeUrl: notice.mutable
          ? `${telling.publicUrl}${unsubscribePath(telling.secretKey, person.id, notice.mutable)}`
          : null,
      }),
    });
  }
}

const tell = (ctx: CommandContext, recipients: Recipient[], notice: Notice) =>
  tellEach(
    {
      actorId: ctx.actor.userId,
      publicUrl: ctx.features.publicUrl,
      secretKey: ctx.features.secretKey,
      send: (mail) => ctx.sendMail(mail),
    },
    recipients,
    notice,
  );

export const named = (a: { ref: string | null; text: string }) =>
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
  const requester = await activeRecipients(ctx.trx).where('id', '=', requesterId).execute();
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
