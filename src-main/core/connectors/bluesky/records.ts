// Posts as repo records: at:// URIs, getRecord and createRecord (platforms.md §8.2, §8.4).
import { AppError } from '../../../../src-shared/errors';
import type { ConnectorDeps, RemotePostRef, Session } from '../types';
import { bodyOf, xrpc, xrpcErrorName } from './xrpc';

export const POST_COLLECTION = 'app.bsky.feed.post';

export interface AtUri {
  repo: string;
  collection: string;
  rkey: string;
}

export function parseAtUri(uri: string): AtUri {
  const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/?#]+)$/.exec(uri);
  if (!m) throw new AppError('ValidationError', `"${uri.slice(0, 200)}" is not a Bluesky post address (at://…).`);
  return { repo: m[1] as string, collection: m[2] as string, rkey: m[3] as string };
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

/** The bsky.app address of a post; the handle reads better, the DID survives a handle change. */
export function postUrl(handleOrDid: string, rkey: string): string {
  return `https://bsky.app/profile/${encodeURIComponent(handleOrDid)}/post/${encodeURIComponent(rkey)}`;
}

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface StoredPost {
  uri: string;
  cid: string;
  value: Record<string, unknown>;
}

/** com.atproto.repo.getRecord: the record, or null when the repo has no such record. */
export async function getRecord(deps: ConnectorDeps, session: Session, at: AtUri): Promise<StoredPost | null> {
  try {
    const res = await xrpc(deps, {
      base: session.apiBase,
      method: 'GET',
      nsid: 'com.atproto.repo.getRecord',
      query: { repo: at.repo, collection: at.collection, rkey: at.rkey },
    });
    const body = bodyOf(res);
    if (typeof body.uri !== 'string' || typeof body.cid !== 'string') return null;
    const value = body.value && typeof body.value === 'object' ? (body.value as Record<string, unknown>) : {};
    return { uri: body.uri, cid: body.cid, value };
  } catch (error) {
    if (xrpcErrorName(error) === 'RecordNotFound') return null;
    throw error;
  }
}

/** The root of the thread a stored post belongs to: its reply.root, or the post itself. */
export function rootOf(post: StoredPost): StrongRef {
  const reply = post.value.reply as { root?: Partial<StrongRef> } | undefined;
  const root = reply?.root;
  if (root && typeof root.uri === 'string' && typeof root.cid === 'string') return { uri: root.uri, cid: root.cid };
  return { uri: post.uri, cid: post.cid };
}

/** A RemotePostRef for a post in the session's own repo. */
export function refFor(session: Session, post: StoredPost): RemotePostRef {
  const { rkey } = parseAtUri(post.uri);
  const root = rootOf(post);
  return {
    id: post.uri,
    url: postUrl(session.identity.handle || session.identity.platformUserId, rkey),
    extras: { cid: post.cid, rootUri: root.uri, rootCid: root.cid, rkey },
  };
}

export interface CreateRecordResult {
  uri: string;
  cid: string;
}

/** com.atproto.repo.createRecord with a record key chosen by the caller. */
export async function createRecord(deps: ConnectorDeps, session: Session, rkey: string, record: Record<string, unknown>): Promise<CreateRecordResult> {
  const res = await xrpc(deps, {
    base: session.apiBase,
    method: 'POST',
    nsid: 'com.atproto.repo.createRecord',
    json: { repo: session.identity.platformUserId, collection: POST_COLLECTION, rkey, record },
    bearer: session.tokens.accessToken,
    creates: true,
  });
  const body = bodyOf(res);
  if (typeof body.uri !== 'string' || typeof body.cid !== 'string') {
    throw new AppError('PlatformRejected', 'Bluesky accepted the post but did not say where it is. Check the profile before posting again.', { outcomeUnknown: true });
  }
  return { uri: body.uri, cid: body.cid };
}
