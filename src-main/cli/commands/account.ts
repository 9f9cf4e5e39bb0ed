import type { Command } from 'commander';
import type { Account } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { workspaceOf, type CommandContext } from '../context';
import { openInBrowser } from '../open-browser';
import { readSecretInput } from '../secret-input';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

const line = (a: Account) => `${a.id}  ${PLATFORM_NAMES[a.platform].padEnd(8)} ${a.handle.padEnd(28)} ${a.health.summary}`;


export function registerAccountCommands(program: Command, run: Run): void {
  const account = program.command('account').description('Connect, list, check and remove social accounts');

  const add = account.command('add').description('Connect an account');
  add
    .command('bluesky')
    .description('Connect Bluesky with an app password (from standard input or PROMOGPT_APP_PASSWORD, never the command line)')
    .option('--service <url>', 'your PDS', 'https://bsky.social')
    .requiredOption('--identifier <handle>', 'your handle or email')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { service: string; identifier: string; workspace?: string }) => {
        const workspaceId = workspaceOf(ctx, options);
        const appPassword = await readSecretInput('PROMOGPT_APP_PASSWORD', 'App password');
        const connected = await ctx.core().call('account.connectBluesky', { workspaceId, service: options.service, identifier: options.identifier, appPassword });
        ctx.out.result(connected, () => `Connected ${line(connected)}`);
      }),
    );

  for (const platform of ['mastodon', 'x'] as const) {
    const cmd = add
      .command(platform)
      .description(platform === 'mastodon' ? 'Connect a Mastodon account on any instance, in your browser' : 'Connect X with your developer app (set it first: promogpt credentials set x …)')
      .option('--workspace <id>', 'the workspace (default: the only one)')
      .option('--no-open', 'print the sign-in URL without opening a browser');
    if (platform === 'mastodon') cmd.requiredOption('--instance <url>', 'the instance, e.g. https://mastodon.social');
    cmd.action(
      run(async (ctx, options: { workspace?: string; instance?: string; open: boolean }) => {
        const workspaceId = workspaceOf(ctx, options);
        const core = ctx.core();
        const finished = new Promise<Account>((resolve, reject) => {
          const stop = core.events.onAny((event, payload) => {
            if (event !== 'account.connectFinished') return;
            const p = payload as { attemptId: string; account?: Account; error?: { name: string; message: string } };
            if (p.attemptId !== attempt?.attemptId) return;
            stop();
            if (p.account) resolve(p.account);
            else reject(new AppError((p.error?.name as never) ?? 'Internal', p.error?.message ?? 'Sign-in failed.'));
          });
        });
        const attempt = await core.call('account.connectStart', { workspaceId, platform, ...(options.instance ? { instanceUrl: options.instance } : {}) });
        const opened = options.open && openInBrowser(attempt.authorizationUrl);
        process.stderr.write(`${opened ? 'Approve PromoGPT in your browser.' : 'Open this address in your browser and approve PromoGPT:'}\n  ${attempt.authorizationUrl}\nWaiting for the answer on ${attempt.redirectUri} …\n`);
        const connected = await finished;
        ctx.out.result(connected, () => `Connected ${line(connected)}`);
      }),
    );
  }

  account
    .command('list')
    .description('List accounts with their health')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { workspace?: string }) => {
        const all = await ctx.core().call('account.list', { workspaceId: workspaceOf(ctx, options) });
        ctx.out.result(all, () => (all.length ? all.map(line).join('\n') : 'No accounts yet. Connect one with `promogpt account add bluesky --identifier HANDLE`.'));
      }),
    );

  account
    .command('check')
    .argument('<id>', 'the account id (see `account list`)')
    .description('Check an account with its platform now')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, accountId: string, options: { workspace?: string }) => {
        const checked = await ctx.core().call('account.check', { workspaceId: workspaceOf(ctx, options), accountId });
        ctx.out.result(checked, () => line(checked));
      }),
    );

  account
    .command('remove')
    .argument('<id>', 'the account id (see `account list`)')
    .option('--delete-history', "also delete the account's posts and metrics history")
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .description('Disconnect: revoke at the platform where possible and delete its keychain entries')
    .action(
      run(async (ctx, accountId: string, options: { deleteHistory?: boolean; workspace?: string }) => {
        const result = await ctx.core().call('account.remove', { workspaceId: workspaceOf(ctx, options), accountId, deleteHistory: !!options.deleteHistory });
        ctx.out.result(result, () =>
          `Disconnected ${accountId}${result.revoked ? ' (revoked at the platform)' : ''}; its keychain entries are deleted${options.deleteHistory ? ' and its history too' : ', its history is kept'}.`,
        );
      }),
    );

  const credentials = program.command('credentials').description('Your developer-app credentials per platform (X needs one)');
  credentials
    .command('set')
    .argument('<platform>', 'x')
    .requiredOption('--client-id <id>', "your app's OAuth 2.0 client id")
    .requiredOption('--redirect-port <port>', 'the port registered as http://127.0.0.1:PORT/callback')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .description('Save a developer app for a platform')
    .action(
      run(async (ctx, platform: string, options: { clientId: string; redirectPort: string; workspace?: string }) => {
        const saved = await ctx.core().call('credentials.set', {
          workspaceId: workspaceOf(ctx, options),
          platform: platform as 'x',
          clientId: options.clientId,
          redirectPort: Number(options.redirectPort),
        });
        ctx.out.result(saved, () => `Saved the ${PLATFORM_NAMES[saved.platform]} app ${saved.clientId}; register http://127.0.0.1:${saved.redirectPort}/callback as its callback.`);
      }),
    );
  credentials
    .command('list')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .description('List developer apps (never their secrets)')
    .action(
      run(async (ctx, options: { workspace?: string }) => {
        const all = await ctx.core().call('credentials.list', { workspaceId: workspaceOf(ctx, options) });
        ctx.out.result(all, () => (all.length ? all.map((c) => `${PLATFORM_NAMES[c.platform]} ${c.instance || ''} ${c.clientId}`.trim()).join('\n') : 'No developer apps saved.'));
      }),
    );
}
