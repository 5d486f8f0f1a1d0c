/**
 * Correcting or withdrawing one progress update. The original stays in the action's history; the action's
 * status is again the one of its latest-dated update.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { correctUpdate, withdrawUpdate } from '../../core/commands/update.commands.ts';
import { ForbiddenError } from '../../core/errors.ts';
import { DEFAULT_STATUS_KEY } from '../../domain/status.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import { readDateInput } from '../date-input.ts';
import type { FieldError } from '../errors.ts';
import {
  errorsByField,
  lines,
  one,
  submitForm,
  versionOf,
  withBanner,
  type FormBody,
  flatten,
  withInputChecks,
} from '../forms.ts';

const FIELDS = {
  status: 'status',
  narrative: 'narrative',
  date: 'date-day',
  evidence: 'evidence',
  reason: 'reason',
};

export function updatePages({ core, render, today }: WebContext) {
  async function showUpdate(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    failed?: { errors: FieldError[]; body: FormBody; form: 'correct' | 'withdraw' },
  ) {
    const actor = actorOf(request);
    const actionId = await core.queries.structure.actionOfUpdate(actor, request.params.id);
    const { head, can, action } = await core.queries.actions.action(actor, actionId);
    const update = action.updates.find((u) => u.id === request.params.id);
    // A withdrawn update is no longer on the action: it is among the plan's removed items.
    if (!update) return reply.redirect(`/plans/${head.planId}/removed`, 303);
    const { doc } = await core.queries.plans.overview(actor, head.planId);
    const [year, month, day] = update.date.split('-');
    const typed = failed?.form === 'correct' ? failed.body : null;
    return render(
      request,
      reply,
      'pages/update.njk',
      {
        title: `Correct or withdraw the update of ${update.date}`,
        section: 'plans',
        planId: head.planId,
        doc,
        can,
        action,
        update,
        key: doc.plan.statusKey.length > 0 ? doc.plan.statusKey : DEFAULT_STATUS_KEY,
        values: typed ?? {
          status: update.status?.raw,
          narrative: update.narrative,
          'date-day': String(Number(day)),
          'date-month': String(Number(month)),
          'date-year': year,
          evidence: update.evidence.join('\n'),
        },
        withdrawing: failed?.form === 'withdraw' ? failed.body : {},
        errors: failed?.errors,
        fieldError: errorsByField(failed?.errors),
        today: today(),
      },
      failed ? 400 : 200,
    );
  }

  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser((url) => url.startsWith('/updates')),
    );

    app.get<{ Params: { id: string } }>('/updates/:id', async (request, reply) => {
      const actor = actorOf(request);
      const actionId = await core.queries.structure.actionOfUpdate(actor, request.params.id);
      // Only those who may record progress on the action may correct it.
      const { can } = await core.queries.actions.action(actor, actionId);
      if (!can.progress)
        throw new ForbiddenError(
          'Only those who may record progress on this action can correct or withdraw its updates.',
        );
      return showUpdate(request, reply);
    });

    app.post<{ Params: { id: string }; Body: FormBody }>('/updates/:id/correct', async (request, reply) => {
      checkCsrf(request);
      const body = request.body;
      const flat = flatten(body);
      const read = readDateInput(flat, 'date', '');
      const input = {
        updateId: request.params.id,
        version: versionOf(body),
        status: one(body.status) ?? '',
        narrative: one(body.narrative) ?? '',
        date: read.date || undefined,
        evidence: lines(body.evidence),
        reason: one(body.reason) ?? '',
      };
      const again = (errors: FieldError[]) =>
        showUpdate(request, reply, { errors, body: flat, form: 'correct' });
      if (read.error)
        return again(
          withInputChecks(correctUpdate.input, input, FIELDS, [
            { text: `Date of the update ${read.error}`, href: '#date-day' },
          ]),
        );
      return submitForm(reply, {
        run: () => core.run(correctUpdate, actorOf(request), input),
        done: (corrected) => withBanner(`/actions/${corrected.actionId}`, 'The update has been corrected'),
        fields: FIELDS,
        again,
      });
    });

    app.post<{ Params: { id: string }; Body: FormBody }>('/updates/:id/withdraw', async (request, reply) => {
      checkCsrf(request);
      const body = request.body;
      return submitForm(reply, {
        run: () =>
          core.run(withdrawUpdate, actorOf(request), {
            updateId: request.params.id,
            version: versionOf(body),
            reason: one(body.reason) ?? '',
          }),
        done: (withdrawn) =>
          withBanner(
            `/actions/${withdrawn.actionId}`,
            'The update has been withdrawn. It can be restored from the plan’s removed items.',
          ),
        fields: { reason: 'withdraw-reason' },
        again: (errors) =>
          showUpdate(request, reply, {
            errors,
            body: flatten(body),
            form: 'withdraw',
          }),
      });
    });
  };
}
