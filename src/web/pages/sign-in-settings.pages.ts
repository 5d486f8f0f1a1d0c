/** An organisation's administrators choose how its users sign in (/organisation/sign-in) and see its emails (/organisation/outbox). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setSignInSettings } from '../../core/commands/sign-in-settings.commands.ts';
import { actorOf, checkCsrf, requirePageUser } from '../auth.ts';
import type { WebContext } from '../app.ts';
import type { FieldError } from '../errors.ts';
import { errorsByField, lines, one, submitForm, withBanner, type FormBody } from '../forms.ts';

export function signInSettingsPages({ core, render }: WebContext) {
  return async (app: FastifyInstance) => {
    app.addHook(
      'preHandler',
      requirePageUser(
        (url) => url.startsWith('/organisation/sign-in') || url.startsWith('/organisation/outbox'),
      ),
    );

    async function page(
      request: FastifyRequest,
      reply: FastifyReply,
      errors?: FieldError[],
      typed?: FormBody,
    ) {
      const actor = actorOf(request);
      const settings = await core.queries.accounts.signInSettings(actor, actor.organisationId);
      const values = typed
        ? {
            localSignIn: one(typed.localSignIn) !== 'no',
            secondFactorRequired: one(typed.secondFactorRequired) === 'yes',
            newAccountDomains: lines(typed.newAccountDomains),
          }
        : settings;
      return render(
        request,
        reply,
        'pages/sign-in-settings.njk',
        {
          title: 'How your users sign in',
          section: 'organisation',
          values,
          councilSignIn: core.councilSignIn.enabled,
          saved: (request.query as { saved?: string }).saved,
          errors,
          fieldErrors: errorsByField(errors),
        },
        errors ? 400 : 200,
      );
    }

    app.get('/organisation/sign-in', (request, reply) => page(request, reply));

    app.get('/organisation/outbox', async (request, reply) => {
      const actor = actorOf(request);
      const messages = await core.queries.accounts.outbox(actor, actor.organisationId);
      return render(request, reply, 'pages/outbox.njk', {
        title: 'Outbox',
        section: 'organisation',
        messages,
        failedJobs: await core.queries.jobs.failed(actor, actor.organisationId),
        smtp: core.mail.smtp,
      });
    });

    app.post<{ Body: FormBody }>('/organisation/sign-in', async (request, reply) => {
      checkCsrf(request);
      const actor = actorOf(request);
      const body = request.body;
      return submitForm(reply, {
        run: () =>
          core.run(setSignInSettings, actor, {
            organisationId: actor.organisationId,
            localSignIn: one(body.localSignIn) !== 'no',
            secondFactorRequired: one(body.secondFactorRequired) === 'yes',
            newAccountDomains: lines(body.newAccountDomains),
          }),
        done: () => withBanner('/organisation/sign-in', 'Sign-in settings saved'),
        fields: {
          localSignIn: 'localSignIn',
          newAccountDomains: 'newAccountDomains',
          secondFactorRequired: 'secondFactorRequired',
        },
        again: (errors) => page(request, reply, errors, body),
      });
    });
  };
}
