import type { ReactNode } from 'react';
import type { Account, ComposerDraft } from '../../../src-shared/domain';
import { PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import type { Platform } from '../../../src-shared/platforms/platform';
import { extractUrls } from '../../../src-shared/platforms/urls';
import { guessMimeType, isFilled, isLibrary, type Attachment, variantFor } from './composer-logic';
import { useLibraryItems } from './composer-media';

/** Text with the links the network will find marked as links (not clickable: it is a preview). */
function WithLinks({ text, platform }: { text: string; platform: Platform }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of extractUrls(text, platform === 'mastodon' ? 'mastodon' : 'x')) {
    if (link.start > at) parts.push(text.slice(at, link.start));
    parts.push(
      <span key={link.start} className="preview__link">
        {text.slice(link.start, link.end)}
      </span>,
    );
    at = link.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <p className="preview__text">{parts}</p>;
}

function Media({ items }: { items: readonly Attachment[] }) {
  const library = useLibraryItems();
  const shown = items.filter(isFilled);
  if (shown.length === 0) return null;
  return (
    <ul className="preview__media" aria-label="Attachments">
      {shown.map((item, index) => {
        const known = isLibrary(item) ? library.get(item.mediaId) : undefined;
        const mimeType = isLibrary(item) ? (known?.mimeType ?? '') : item.mimeType || guessMimeType(item.path);
        const kind = mimeType.startsWith('video/') ? 'Video' : 'Image';
        const name = isLibrary(item) ? (known?.fileName ?? 'library item') : (item.path.split(/[\\/]/).pop() ?? item.path);
        return (
          <li key={`${isLibrary(item) ? item.mediaId : item.path}-${index}`} className="preview__media-item">
            <span className="preview__media-kind">
              {kind}: {name}
            </span>
            <span className={item.altText ? 'preview__alt' : 'preview__alt preview__alt--missing'}>{item.altText ? `Alt: ${item.altText}` : 'No alt text'}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Bubble({ account, text, media, label }: { account: Account; text: string; media?: readonly Attachment[]; label?: string }) {
  const initial = (account.displayName ?? account.handle).replace(/^@/, '').slice(0, 1).toUpperCase() || '?';
  return (
    <div className="preview__post">
      <span className={`preview__avatar platform-tint--${account.platform}`} aria-hidden="true">
        {initial}
      </span>
      <div className="preview__body">
        <p className="preview__who">
          {account.displayName ? <span className="preview__name">{account.displayName}</span> : null}
          <span className="preview__handle">{account.handle}</span>
          {label ? <span className="preview__label">{label}</span> : null}
        </p>
        {text.trim() ? <WithLinks text={text} platform={account.platform} /> : <p className="preview__text preview__text--empty">(no text)</p>}
        {media ? <Media items={media} /> : null}
      </div>
    </div>
  );
}

/** Roughly how the post will read on each chosen account: its text, media, thread and first comment. */
export function PostPreview({ draft, accounts }: { draft: ComposerDraft; accounts: readonly Account[] }) {
  const chosen = accounts.filter((a) => draft.accountIds.includes(a.id));
  return (
    <section className="compose-preview" aria-labelledby="compose-preview-title">
      <h2 id="compose-preview-title" className="compose-section__title">
        Preview
      </h2>
      {chosen.length === 0 ? <p className="muted">Choose an account to see the post as it will read there.</p> : null}
      {chosen.map((account) => {
        const variant = variantFor(draft, account.platform);
        return (
          <article key={account.id} className={`preview preview--${account.platform}`} aria-label={`Preview for ${account.handle} on ${PLATFORM_NAMES[account.platform]}`}>
            <p className="preview__network">{PLATFORM_NAMES[account.platform]}</p>
            <Bubble account={account} text={variant.text} media={variant.media} />
            {variant.thread.length > 0 ? (
              <ol className="preview__thread" aria-label="Thread">
                {variant.thread.map((reply, index) => (
                  // Replies are plain strings; their position is their identity.
                  <li key={index}>
                    <Bubble account={account} text={reply} label={`Reply ${index + 1}`} />
                  </li>
                ))}
              </ol>
            ) : null}
            {variant.firstComment.trim() ? (
              <div className="preview__comment">
                <Bubble account={account} text={variant.firstComment} label="First comment" />
              </div>
            ) : null}
          </article>
        );
      })}
    </section>
  );
}
