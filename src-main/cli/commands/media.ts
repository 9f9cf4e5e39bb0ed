import type { Command } from 'commander';
import { MEDIA_KINDS, type MediaAddResult, type MediaItem, type MediaKind } from '../../../src-shared/domain';
import { AppError } from '../../../src-shared/errors';
import { workspaceOf, type CommandContext } from '../context';
import { registerMediaCaptionCommands } from './media-captions';
import { registerMediaRenderCommands } from './media-render';

type Run = (action: (ctx: CommandContext, ...args: never[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;

/** "320×240 h264+aac 25 fps 2.00 s": what probing found, in one short phrase. */
export function probeText(item: MediaItem): string {
  const parts: string[] = [];
  if (item.width && item.height) parts.push(`${item.width}×${item.height}`);
  const codecs = [item.videoCodec, item.audioCodec].filter(Boolean).join('+');
  if (codecs) parts.push(codecs);
  if (item.frameRate && item.kind === 'video') parts.push(`${item.frameRate} fps`);
  if (item.durationSeconds !== null) parts.push(`${item.durationSeconds.toFixed(2)} s`);
  if (item.loudnessLufs !== null) parts.push(`${item.loudnessLufs.toFixed(1)} LUFS`);
  return parts.join(' ');
}

export const itemLine = (item: MediaItem) =>
  `${item.id}  ${item.kind.padEnd(5)}  ${item.sha256}  ${probeText(item)}  ${JSON.stringify(item.fileName)}` +
  `${item.tags.length ? `  tags: ${item.tags.join(', ')}` : ''}${item.altText ? `  alt: ${JSON.stringify(item.altText)}` : ''}` +
  `${item.lineage ? `  made by ${item.lineage.request.kind} from ${item.lineage.sourceIds.join(', ')}` : ''}` +
  `${item.captions.length ? `  captions: ${item.captions.map((c) => c.lang).join(', ')}` : ''}`;

// Paths are printed as JSON strings so a name with a newline or quotes stays on one line.
const resultLine = (r: MediaAddResult) =>
  r.ok ? `${itemLine(r.item)}${r.deduplicated ? '  (already in the library)' : ''}` : `refused  ${JSON.stringify(r.path)}: ${r.error.message}`;

function kindOf(raw: string | undefined): MediaKind | undefined {
  if (raw === undefined) return undefined;
  if ((MEDIA_KINDS as readonly string[]).includes(raw)) return raw as MediaKind;
  throw new AppError('ValidationError', `--kind must be one of ${MEDIA_KINDS.join(', ')}, not "${raw}".`);
}

/** The workspace's media library: pictures, videos and audio stored by content. */
export function registerMediaCommands(program: Command, run: Run): void {
  const media = program.command('media').description("The workspace's media library: pictures, videos and audio, checked by content");
  media
    .command('add')
    .argument('<path...>', 'files to add (up to 100)')
    .description('Copy files into the library; prints each one, or why it was refused (exit 1 if any was)')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, paths: string[], options: { workspace?: string }) => {
        const results = await ctx.core().call('media.add', { workspaceId: workspaceOf(ctx, options), paths });
        ctx.out.result(results, () => results.map(resultLine).join('\n'));
        if (results.some((r) => !r.ok)) process.exitCode = 1;
      }),
    );
  media
    .command('list')
    .description('List the library, newest first')
    .option('--kind <kind>', `only one kind: ${MEDIA_KINDS.join(', ')}`)
    .option('--tag <tag>', 'only items with this tag')
    .option('--search <text>', 'only items whose name, alt text or tags contain this')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, options: { kind?: string; tag?: string; search?: string; workspace?: string }) => {
        const kind = kindOf(options.kind);
        const filter = { ...(kind ? { kind } : {}), ...(options.tag ? { tag: options.tag } : {}), ...(options.search ? { search: options.search } : {}) };
        const items = await ctx.core().call('media.list', { workspaceId: workspaceOf(ctx, options), ...filter });
        ctx.out.result(items, () => (items.length ? items.map(itemLine).join('\n') : 'The media library is empty. Add files with `promogpt media add PATH…`.'));
      }),
    );
  media
    .command('alt')
    .argument('<id>', 'the media item id')
    .argument('<text>', 'the alt text (empty clears it)')
    .description('Set the alt text a screen reader says for a picture or video')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, mediaId: string, altText: string, options: { workspace?: string }) => {
        const item = await ctx.core().call('media.setAltText', { workspaceId: workspaceOf(ctx, options), mediaId, altText });
        ctx.out.result(item, () => itemLine(item));
      }),
    );
  media
    .command('tag')
    .argument('<id>', 'the media item id')
    .argument('[tags...]', 'the tags (none clears them)')
    .description("Set a media item's tags, for search and filters")
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, mediaId: string, tags: string[], options: { workspace?: string }) => {
        const item = await ctx.core().call('media.setTags', { workspaceId: workspaceOf(ctx, options), mediaId, tags });
        ctx.out.result(item, () => itemLine(item));
      }),
    );
  media
    .command('remove')
    .argument('<id>', 'the media item id')
    .description('Delete a media item and its stored file')
    .option('--workspace <id>', 'the workspace (default: the only one)')
    .action(
      run(async (ctx, mediaId: string, options: { workspace?: string }) => {
        const removed = await ctx.core().call('media.remove', { workspaceId: workspaceOf(ctx, options), mediaId });
        ctx.out.result(removed, () => `Removed ${removed.id}.`);
      }),
    );
  registerMediaRenderCommands(media, run);
  registerMediaCaptionCommands(media, run);
}
