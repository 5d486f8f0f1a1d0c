/**
 * How an organisation's users sign in, set by its administrators: local passwords on or off (off only where single
 * sign-on is set up, so nobody is shut out), a second factor required of password users, and the email domains whose
 * verified council accounts may make an account here, waiting for a role.
 */
import { z } from 'zod';
import { ValidationError } from '../../db/errors.ts';
import { nowIso } from '../../db/ids.ts';
import { fromJson } from '../../db/repositories/rows.ts';
import { defineCommand } from '../runner.ts';
import { authorisedOrganisation } from './subjects.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const setSignInSettings = defineCommand({
  name: 'organisation.sign-in',
  input: z.object({
    organisationId: z.string().min(1).max(100),
    localSignIn: z.boolean(),
    secondFactorRequired: z.boolean(),
    newAccountDomains: z
      .array(z.string().trim().toLowerCase().max(253))
      .max(20, 'Give at most 20 email domains')
      .transform((domains) => [...new Set(domains.filter(Boolean))]),
  }),
  async handle(ctx, input) {
    await authorisedOrganisation(ctx, 'organisation.signIn', input.organisationId);
    const wrong = input.newAccountDomains.find((d) => !DOMAIN.test(d));
    if (wrong)
      throw new ValidationError(`newAccountDomains: "${wrong}" is not an email domain`, [
        { field: 'newAccountDomains', message: `“${wrong}” is not an email domain, such as westbury.gov.uk` },
      ]);
    if (!input.localSignIn && !ctx.features.councilSignIn)
      throw new ValidationError('localSignIn: single sign-on is not set up', [
        {
          field: 'localSignIn',
          message:
            'Passwords can only be switched off once single sign-on with your council account is set up (OIDC settings)',
        },
      ]);
    const before = await ctx.trx
      .selectFrom('organisations')
      .select(['local_sign_in', 'second_factor_required', 'sso_new_account_domains'])
      .where('id', '=', input.organisationId)
      .executeTakeFirstOrThrow();
    const after = {
      local_sign_in: input.localSignIn ? 1 : 0,
      second_factor_required: input.secondFactorRequired ? 1 : 0,
      sso_new_account_domains: input.newAccountDomains.length
        ? JSON.stringify(input.newAccountDomains)
        : null,
    };
    await ctx.trx
      .updateTable('organisations')
      .set({ ...after, updated_at: nowIso() })
      .where('id', '=', input.organisationId)
      .execute();
    const described = (row: typeof after) => ({
      localSignIn: row.local_sign_in === 1,
      secondFactorRequired: row.second_factor_required === 1,
      newAccountDomains: fromJson<string[]>(row.sso_new_account_domains, []),
    });
    ctx.record({
      organisationId: input.organisationId,
      operation: 'update',
      entityType: 'sign_in_settings',
      entityId: input.organisationId,
      before: described(before),
      after: described(after),
    });
    return described(after);
  },
});
