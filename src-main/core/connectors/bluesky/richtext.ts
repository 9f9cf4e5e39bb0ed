// Post text with facets: links, mentions and hashtags at UTF-8 byte offsets (platforms.md §8.2).
// Detection is @atproto/api's RichText; mentions are resolved to DIDs here, through our own
// HTTP path, and a handle that does not resolve stays plain text.
import type { Facet, RichText } from '@atproto/api';
import { AppError } from '../../../../src-shared/errors';
import type { ConnectorDeps, Session } from '../types';
import { bodyOf, xrpc } from './xrpc';

/** app.bsky.feed.post: text of at most 300 graphemes and 3000 bytes. */
export const MAX_GRAPHEMES = 300;
export const MAX_TEXT_BYTES = 3000;

const MENTION = 'app.bsky.richtext.facet#mention';

export interface PostText {
  text: string;
  facets?: Facet[];
}

// @atproto/api is large: load it on first use, not at every start of the app or the CLI.
let richTextClass: Promise<typeof RichText> | undefined;
const loadRichText = () => (richTextClass ??= import('@atproto/api').then((m) => m.RichText));

/** Checks the length limits before anything is sent. */
export async function checkText(text: string): Promise<RichText> {
  const rt = new (await loadRichText())({ text });
  if (rt.graphemeLength > MAX_GRAPHEMES) {
    throw new AppError('ValidationError', `Bluesky posts are at most ${MAX_GRAPHEMES} characters; this one has ${rt.graphemeLength}. Shorten it or split it into a thread.`, {
      field: 'text',
      limit: MAX_GRAPHEMES,
      length: rt.graphemeLength,
    });
  }
  if (rt.length > MAX_TEXT_BYTES) {
    throw new AppError('ValidationError', `Bluesky posts are at most ${MAX_TEXT_BYTES} bytes of text; this one has ${rt.length}. Shorten it.`, {
      field: 'text',
      limit: MAX_TEXT_BYTES,
    });
  }
  return rt;
}

/** Resolves a handle to a DID at the session's PDS; undefined when it does not resolve. */
export async function resolveHandle(deps: ConnectorDeps, session: Session, handle: string): Promise<string | undefined> {
  try {
    const res = await xrpc(deps, { base: session.apiBase, method: 'GET', nsid: 'com.atproto.identity.resolveHandle', query: { handle } });
    const did = bodyOf(res).did;
    return typeof did === 'string' && did.startsWith('did:') ? did : undefined;
  } catch (error) {
    // A handle that does not exist is plain text; an unreachable server is a real failure.
    if (error instanceof AppError && (error.name === 'PlatformRejected' || error.name === 'NotFound')) return undefined;
    throw error;
  }
}

/** The text and its facets, with every mention resolved to a DID or dropped. */
export async function buildPostText(deps: ConnectorDeps, session: Session, text: string): Promise<PostText> {
  const rt = await checkText(text);
  rt.detectFacetsWithoutResolution();
  const facets: Facet[] = [];
  const resolved = new Map<string, string | undefined>();
  for (const facet of rt.facets ?? []) {
    const features: Facet['features'] = [];
    for (const feature of facet.features) {
      if (feature.$type === MENTION) {
        const handle = String((feature as { did: string }).did).toLowerCase();
        if (!resolved.has(handle)) resolved.set(handle, await resolveHandle(deps, session, handle));
        const did = resolved.get(handle);
        if (did) features.push({ ...feature, did } as Facet['features'][number]);
      } else {
        features.push(feature);
      }
    }
    if (features.length) facets.push({ ...facet, features });
  }
  return facets.length ? { text: rt.text, facets } : { text: rt.text };
}
