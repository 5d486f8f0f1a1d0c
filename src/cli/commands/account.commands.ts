import type { Command } from 'commander';
import { withServices, type GlobalOptions } from '../context.ts';

export function registerAccountCommands(
  program: Command,
  globals: () => GlobalOptions,
  print: (text: string) => void,
) {
  const user = program.command('user').description('Local accounts');
  user
    .command('add')
    .description('Create an account (the password is read from IPT_PASSWORD or --password)')
    .requiredOption('--email <email>', 'the email address to sign in with')
    .requiredOption('--org <name>', 'the organisation the account belongs to')
    .option('--name <name>', 'the person\'s name as plans write it (links "My actions")')
    .option(
      '--password <password>',
      'at least 10 characters (prefer IPT_PASSWORD, which stays out of shell history)',
    )
    .action(async (options: { email: string; org: string; name?: string; password?: string }) => {
      const password = options.password ?? process.env.IPT_PASSWORD ?? '';
      await withServices(globals(), async (services) => {
        const created = await services.auth.addUser({
          email: options.email,
          organisation: options.org,
          name: options.name,
          password,
        });
        print(`Created ${created.email} in ${options.org}`);
      });
    });

  const token = program
    .command('token')
    .description('Personal access tokens for scripts and reporting tools');
  token
    .command('create')
    .description('Create a token for an account; it is shown once and stored hashed')
    .requiredOption('--email <email>', 'the account the token acts for')
    .option('--name <name>', 'what the token is for', 'personal access token')
    .action(async (options: { email: string; name: string }) => {
      await withServices(globals(), async (services) => {
        const created = await services.auth.createToken(options.email, options.name);
        print(`Token ${created.id} (shown once; send it as Authorization: Bearer …):\n${created.token}`);
      });
    });
  token
    .command('revoke')
    .description('Revoke a token by its id')
    .argument('<id>', 'the token id printed when it was created')
    .action(async (id: string) => {
      await withServices(globals(), async (services) => {
        await services.auth.revokeToken(id);
        print(`Revoked ${id}`);
      });
    });
}
