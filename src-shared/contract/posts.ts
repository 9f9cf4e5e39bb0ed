import { z } from 'zod';
import type { CsvImportReport, DuplicateWarning, Post } from '../domain';
import { PLATFORMS } from '../platforms/platform';
import { recurrenceSchema } from '../schedule/recurrence';
import { entityId, method } from './define';

/** A file by path, or a media library item by id (the core resolves it to the stored file when scheduling). */
const media = z.union([
  z.strictObject({
    path: z.string().min(1).max(4096),
    mimeType: z.string().max(100).optional(),
    altText: z.string().max(5000).optional(),
  }),
  z.strictObject({
    mediaId: entityId,
    altText: z.string().max(5000).optional(),
  }),
]);

const postText = z.string().max(100_000);
const localDateTime = z.string().min(10).max(40);
const timeZone = z.string().min(1).max(64);

/** When a post goes out: now, at a local time in a zone, each account's next free queue slot, recurring, or kept as a draft. */
export const postWhen = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('now') }),
  z.strictObject({ kind: z.literal('draft') }),
  z.strictObject({
    kind: z.literal('at'),
    /** A local date-time ("2026-03-29 09:00") read in `timeZone`, or an instant with an offset. */
    at: localDateTime,
    timeZone,
  }),
  z.strictObject({ kind: z.literal('nextSlot') }),
  z.strictObject({
    kind: z.literal('recurring'),
    /** The first date and the wall-clock time every occurrence keeps, read in `timeZone`. */
    start: localDateTime,
    timeZone,
    rule: recurrenceSchema,
  }),
]);

/** What one platform gets instead of the main text or media. */
export const variantOverride = z.strictObject({
  text: postText.optional(),
  media: z.array(media).max(20).optional(),
  thread: z.array(postText).max(25).optional(),
  firstComment: postText.optional(),
});

const variants = z.partialRecord(z.enum(PLATFORMS), variantOverride).default({});

const weekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);

/** The composer's "When" controls as they stand (also half filled in), kept with a draft. */
export const composerWhen = z.strictObject({
  kind: z.enum(['now', 'at', 'nextSlot', 'recurring']),
  date: z.string().max(10),
  time: z.string().max(5),
  timeZone: z.string().max(64),
  every: z.number().int().min(0).max(1000),
  unit: z.enum(['day', 'week']),
  weekdays: z.array(weekday).max(7),
  end: z.enum(['never', 'until', 'count']),
  until: z.string().max(10),
  count: z.number().int().min(0).max(100_000),
});

/** Everything the composer holds; a draft may have no accounts and no text yet. */
export const composerDraft = z.strictObject({
  accountIds: z.array(entityId).max(50).default([]),
  text: postText.default(''),
  media: z.array(media).max(20).default([]),
  thread: z.array(postText).max(25).default([]),
  firstComment: postText.optional(),
  variants,
  when: composerWhen.optional(),
});

export const postsContract = {
  'post.create': method(
    z.strictObject({
      workspaceId: entityId,
      accountIds: z.array(entityId).min(1, 'choose at least one account').max(50),
      text: postText,
      media: z.array(media).max(20).default([]),
      thread: z.array(postText).max(25).default([]),
      firstComment: postText.optional(),
      variants,
      when: postWhen,
      /** Schedule although the duplicate guard found the same text for an account close in time. */
      allowDuplicate: z.boolean().optional(),
      /** The saved draft this post comes from: it becomes this post (no copy is left behind). */
      draftId: entityId.optional(),
    }),
  ).returns<Post>(),
  /** Saves what the composer holds: a new draft, or over `draftId`. */
  'post.saveDraft': method(z.strictObject({ workspaceId: entityId, draftId: entityId.optional(), draft: composerDraft })).returns<Post>(),
  /** Deletes a draft for good (a scheduled post is cancelled instead, to keep its history). */
  'post.deleteDraft': method(z.strictObject({ workspaceId: entityId, postId: entityId })).returns<{ id: string }>(),
  /** Moves a post that has not gone out yet (the calendar's drag) to another time. */
  'post.reschedule': method(
    z.strictObject({ workspaceId: entityId, postId: entityId, at: localDateTime, timeZone, allowDuplicate: z.boolean().optional() }),
  ).returns<Post>(),
  /** The duplicate guard on its own, for the composer to warn while the user writes. */
  'post.checkDuplicates': method(
    z.strictObject({
      workspaceId: entityId,
      accountIds: z.array(entityId).max(50),
      text: postText,
      variants,
      /** An instant (ISO with offset); now when absent. */
      at: z.string().datetime({ offset: true }).optional(),
      /** The post being edited, which never clashes with itself. */
      postId: entityId.optional(),
    }),
  ).returns<DuplicateWarning[]>(),
  'post.list': method(
    z.strictObject({
      workspaceId: entityId,
      status: z.enum(['draft', 'scheduled', 'cancelled', 'recurring', 'queued', 'publishing', 'published', 'failed', 'needs_attention']).optional(),
      from: z.string().datetime().optional(),
      to: z.string().datetime().optional(),
      limit: z.number().int().min(1).max(10_000).default(500),
    }),
  ).returns<Post[]>(),
  'post.get': method(z.strictObject({ workspaceId: entityId, postId: entityId })).returns<Post>(),
  'post.cancel': method(z.strictObject({ workspaceId: entityId, postId: entityId })).returns<Post>(),
  'post.retryTarget': method(
    z.strictObject({
      workspaceId: entityId,
      targetId: entityId,
      /** The user looked on the platform and the post is not there: post again although an earlier create is in doubt. */
      confirmNotPosted: z.boolean().optional(),
    }),
  ).returns<Post>(),
  /** A dry run (commit false) reports every row's problems; commit imports the valid rows, all or nothing. */
  'post.importCsv': method(z.strictObject({ workspaceId: entityId, path: z.string().min(1).max(4096), commit: z.boolean() })).returns<CsvImportReport>(),
  'post.checkTarget': method(z.strictObject({ workspaceId: entityId, targetId: entityId })).returns<Post>(),
};
