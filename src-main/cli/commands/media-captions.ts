import type { Command } from 'commander';
import type { MediaItem } from '../../../src-shared/domain';
import { workspaceOf, type CommandContext } from '../context';
import { readCaptions } from './media-render';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
type Options = { video: string; lang?: string; workspace?: string };

const languages = (item: MediaItem) =>
  item.captions.length ? `${item.id} has captions in ${item.captions.map((c) => `${c.lang} (${c.cues} cues)`).join(', ')}.` : `${item.id} has no captions files.`;

/** `media captions …`: caption files kept with a video and sent beside it where a platform takes them. */
export function registerMediaCaptionCommands(media: Command, run: Run): void {
  const captions = media.command('captions').description('Caption files kept with a video, sent beside it where a platform takes them (Bluesky)');
  captions
    .command('attach')
    .description('Keep an SRT or WebVTT file as the video’s captions in one language (replaces that language’s)')
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--srt <path>', 'the .srt or .vtt file')
    .option('--lang <tag>', 'the language the captions are in (BCP 47: en, de, pt-BR)', 'en')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: Options & { srt: string }) => {
        const text = readCaptions(options.srt);
        const item = await ctx.core().call('media.setCaptions', { workspaceId: workspaceOf(ctx, options), mediaId: options.video, lang: options.lang ?? 'en', text });
        ctx.out.result(item, () => languages(item));
      }),
    );
  captions
    .command('transcribe')
    .description("Make the video's captions with the AI provider's transcription model (kept as its captions file in --lang)")
    .requiredOption('--video <id>', 'the video')
    .option('--lang <tag>', 'the language spoken (BCP 47: en, de, pt-BR)', 'en')
    .option('--provider <name>', 'the AI provider (default: the only one)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: Options & { provider?: string }) => {
        const workspaceId = workspaceOf(ctx, options);
        const generation = await ctx.core().call('studio.transcribe', { workspaceId, mediaId: options.video, lang: options.lang ?? 'en', ...(options.provider ? { provider: options.provider } : {}) });
        const item = await ctx.core().call('media.get', { workspaceId, mediaId: options.video });
        ctx.out.result({ generation, item }, () => `${languages(item)} (generation ${generation.id}, ${generation.providerName}/${generation.model})`);
      }),
    );
  captions
    .command('detach')
    .description('Remove the video’s captions in one language')
    .requiredOption('--video <id>', 'the video')
    .requiredOption('--lang <tag>', 'the language to remove')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: Options & { lang: string }) => {
        const item = await ctx.core().call('media.removeCaptions', { workspaceId: workspaceOf(ctx, options), mediaId: options.video, lang: options.lang });
        ctx.out.result(item, () => languages(item));
      }),
    );
  captions
    .command('show')
    .description('Print the video’s caption files as WebVTT')
    .requiredOption('--video <id>', 'the video')
    .option('--lang <tag>', 'only this language')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: Options) => {
        const tracks = (await ctx.core().call('media.getCaptions', { workspaceId: workspaceOf(ctx, options), mediaId: options.video })).filter((t) => !options.lang || t.lang === options.lang);
        ctx.out.result(tracks, () => (tracks.length ? tracks.map((t) => `NOTE language: ${t.lang}\n\n${t.vtt}`).join('\n') : 'No captions files.'));
      }),
    );
}
