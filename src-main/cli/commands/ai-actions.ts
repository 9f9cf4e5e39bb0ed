import type { Command } from 'commander';
import type { Generation, TextAction } from '../../../src-shared/ai';
import { AppError } from '../../../src-shared/errors';
import { PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { workspaceOf, type CommandContext } from '../context';
import { WS, generating, variantBlock, type Run } from './ai';

interface ActionOptions {
  text: string;
  platform: string;
  style?: string;
  to?: string;
  provider?: string;
  workspace?: string;
}

function platformOf(raw: string): Platform {
  if (!(PLATFORMS as readonly string[]).includes(raw)) throw new AppError('ValidationError', `--platform must be one of ${PLATFORMS.join(', ')}, not "${raw}".`);
  return raw as Platform;
}

function printed(g: Generation, action: TextAction): string {
  const head = `${g.id} (${g.state})`;
  if (action === 'hashtags') return [head, g.variants[0]?.hashtags?.join(' ') ?? ''].join('\n');
  if (action === 'thread') return [head, ...g.variants.map((v) => variantBlock(v).replace(/^--- (\S+) #(\d+)/, `--- $1 part $2/${g.variants.length}`))].join('\n');
  return [head, ...g.variants.map(variantBlock)].join('\n');
}

/** `generate rewrite|translate|thread|hashtags`: work on a given text, each a generation in the history. */
export function registerTextActionCommands(generate: Command, run: Run): void {
  const add = (action: TextAction, description: string, extra: (c: Command) => Command) =>
    extra(
      generate
        .command(action)
        .description(description)
        .requiredOption('--text <text>', 'the text to work on')
        .requiredOption('--platform <platform>', `the platform whose rules it is checked with (${PLATFORMS.join(', ')})`),
    )
      .option('--provider <name>', 'the provider (default: the only one)')
      .option(...WS)
      .action(
        run(async (ctx: CommandContext, o: ActionOptions) => {
          const workspaceId = workspaceOf(ctx, o);
          const g = await generating(ctx, workspaceId, () =>
            ctx.core().call('studio.textAction', {
              workspaceId,
              action,
              text: o.text,
              platform: platformOf(o.platform),
              ...(o.style !== undefined ? { style: o.style as 'shorter' } : {}),
              ...(o.to !== undefined ? { language: o.to } : {}),
              ...(o.provider ? { provider: o.provider } : {}),
            }),
          );
          ctx.out.result(g, () => printed(g, action));
          if (g.state === 'cancelled') process.exitCode = 130;
        }),
      );
  add('rewrite', 'Rewrite a text shorter, punchier or more formal, checked with the platform rules', (c) => c.requiredOption('--style <style>', 'shorter, punchier or formal'));
  add('translate', 'Translate a text, checked with the platform rules', (c) => c.requiredOption('--to <lang>', 'a language tag like de, fr or pt-BR'));
  add('thread', 'Split a text into a thread at sentence or paragraph boundaries, each part checked with the platform rules', (c) => c);
  add('hashtags', 'Suggest hashtags for a text (a list; nothing is inserted)', (c) => c);
}
