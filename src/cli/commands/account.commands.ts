import type { Command } from 'commander';
import {
  addOrganisation,
  addUser,
  changeRole,
  createToken,
  deactivateUser,
  grantAdvisers,
  revokeToken,
} from '../../core/commands/account.commands.ts';
import { ORGANISATION_KINDS, OPERATOR, ROLES, type UserActor } from '../../domain/actor.ts';
import { withCore, type GlobalOptions } from '../context.ts';

export function registerAccountCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const org = program.command('org').description('Organisations: councils, partner agencies, government');
  org
    .command('add')
    .description('Add an organisation')
    .requiredOption('--name <name>', 'its name, as plans write it')
    .requiredOption('--kind <kind>', ORGANISATION_KINDS.join(', '))
    .action(async (options: { name: string; kind: string }) => {
      await withCore(globals(), async (cli) => {
        const actor = globals().as ? await cli.actor(null) : OPERATOR;
        const added = await cli.core.run(addOrganisation, actor, {
          name: options.name,
          kind: options.kind as 'council',
        });
        print(`Added ${added.name} (${added.kind}) ${added.id}`);
      });
    });
  org
    .command('grant')
    .description('Let the advisers of another organisation (the DfE, say) read every plan of this one')
    .requiredOption('--org <name>', 'the organisation whose plans they may read')
    .requiredOption('--to <name>', 'the organisation whose advisers may read them')
    .action(async (options: { org: string; to: string }) => {
      await withCore(globals(), async (cli) => {
        const organisationId = await cli.organisationId(options.org);
        const actor = await cli.actor(organisationId);
        await cli.core.run(grantAdvisers, actor, {
          organisationId: organisationId ?? options.org,
          grantee: options.to,
        });
        print(`Advisers of ${options.to} may now read the plans of ${options.org}`);
      });
    });

  const user = program.command('user').description('Accounts and their roles');
  user
    .command('add')
    .description('Create an account (the password is read from IPT_PASSWORD or --password)')
    .requiredOption('--email <email>', 'the email address to sign in with')
    .requiredOption('--org <name>', 'the organisation the account belongs to')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--name <name>', 'the person\'s name as plans write it (links "My actions")')
    .option(
      '--password <password>',
      'at least 12 characters, not a common one (prefer IPT_PASSWORD, which stays out of shell history)',
    )
    .action(
      async (options: { email: string; org: string; role: string; name?: string; password?: string }) => {
        const password = options.password ?? process.env.IPT_PASSWORD ?? '';
        await withCore(globals(), async (cli) => {
          const actor = await cli.actor(await cli.organisationId(options.org));
          const created = await cli.core.run(addUser, actor, {
            email: options.email,
            organisation: options.org,
            role: options.role as 'lead',
            name: options.name,
            password,
          });
          print(`Created ${created.email} in ${created.organisation} as ${created.role}`);
        });
      },
    );
  user
    .command('role')
    .description("Change an account's role (its sessions end)")
    .requiredOption('--email <email>', 'the account')
    .requiredOption('--role <role>', ROLES.join(', '))
    .action(async (options: { email: string; role: string }) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.core.queries.lookup.organisationOfAccount(options.email));
        const changed = await cli.core.run(changeRole, actor, {
          email: options.email,
          role: options.role as 'lead',
        });
        print(`${changed.email} is now ${changed.role}`);
      });
    });
  user
    .command('deactivate')
    .description('Deactivate an account: it can no longer sign in, its sessions and tokens end')
    .requiredOption('--email <email>', 'the account')
    .action(async (options: { email: string }) => {
      await withCore(globals(), async (cli) => {
        const actor = await cli.actor(await cli.core.queries.lookup.organisationOfAccount(options.email));
        const done = await cli.core.run(deactivateUser, actor, { email: options.email });
        print(`Deactivated ${done.email}`);
      });
    });

  const token = program
    .command('token')
    .description('Personal access tokens for scripts and reporting tools');
  token
    .command('create')
    .description('Create a token for an account (it acts as that account); shown once, stored hashed')
    .requiredOption('--email <email>', 'the account the token acts for')
    .option('--name <name>', 'what the token is for', 'personal access token')
    .action(async (options: { email: string; name: string }) => {
      await withCore(globals(), async (cli) => {
        const actor: UserActor = await cli.core.actorByEmail(globals().as ?? options.email);
        const created = await cli.core.run(createToken, actor, { email: options.email, name: options.name });
        print(`Token ${created.id} (shown once; send it as Authorization: Bearer …):`);
        print(created.token);
      });
    });
  token
    .command('revoke')
    .description('Revoke a token by its id')
    .argument('<id>', 'the token id printed when it was created')
    .action(async (id: string) => {
      await withCore(globals(), async (cli) => {
        const actor = globals().as ? await cli.actor(null) : OPERATOR;
        await cli.core.run(revokeToken, actor, { tokenId: id });
        print(`Revoked ${id}`);
      });
    });
}
