import { z } from 'zod';
import type { CsvImportReport, Post } from '../domain';
import { entityId, method } from './define';

const media = z.strictObject({
  path: z.string().min(1).max(4096),
  mimeType: z.string().max(100).optional(),
  altText: z.string().max(5000).optional(),
});

/** When a post goes out: now, at a local time in a zone, or kept as a draft. */
export const postWhen = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('now') }),
  z.strictObject({ kind: z.literal('draft') }),
  z.strictObject({
    kind: z.literal('at'),
    /** A local date-time ("2026-03-29 09:00") read in `timeZone`, or an instant with an offset. */
    at: z.string().min(10).max(40),
    timeZone: z.string().min(1).max(64),
  }),
]);

export const postsContract = {
  'post.create': method(
    z.strictObject({
      workspaceId: entityId,
      accountIds: z.array(entityId).min(1, 'choose at least one account').max(50),
      text: z.string().max(100_000),
      media: z.array(media).max(20).default([]),
      thread: z.array(z.string().max(100_000)).max(25).default([]),
      firstComment: z.string().max(100_000).optional(),
      when: postWhen,
    }),
  ).returns<Post>(),
  'post.list': method(
    z.strictObject({
      workspaceId: entityId,
      status: z.enum(['draft', 'scheduled', 'cancelled', 'queued', 'publishing', 'published', 'failed', 'needs_attention']).optional(),
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
