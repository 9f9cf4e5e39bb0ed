import { useId } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useStore } from 'zustand';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { variantFor } from './composer-logic';
import type { ComposerStore, ComposerTab } from './composer-store';
import { MediaEditor } from './MediaEditor';
import { TextArea } from './TextArea';
import { ThreadEditor } from './ThreadEditor';

/**
 * The post for every network ("All"), and a tab per chosen network to write something else for it.
 * `counter` sits right under the text, where the eyes are while typing.
 */
export function VariantEditor({ store, platforms, counter }: { store: ComposerStore; platforms: readonly Platform[]; counter?: ReactNode }) {
  const storedTab = useStore(store, (s) => s.tab);
  const setTab = useStore(store, (s) => s.setTab);
  const variants = useStore(store, (s) => s.draft.variants);
  const baseId = useId();
  const tabs: ComposerTab[] = ['all', ...platforms];
  // The platform's account was unticked: its tab is gone, so show "All".
  const tab = tabs.includes(storedTab) ? storedTab : 'all';

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : -1);
    const next = tabs[(index + tabs.length) % tabs.length] ?? 'all';
    setTab(next);
    document.getElementById(`${baseId}-tab-${next}`)?.focus();
  };

  return (
    <section className="compose-editor" aria-label="Post">
      <div role="tablist" aria-label="Versions" className="compose-tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const customised = t !== 'all' && variants[t] !== undefined;
          return (
            <button
              key={t}
              id={`${baseId}-tab-${t}`}
              type="button"
              role="tab"
              aria-selected={t === tab}
              aria-controls={`${baseId}-panel`}
              className="compose-tabs__tab"
              onClick={() => setTab(t)}
            >
              {t === 'all' ? 'All networks' : PLATFORM_NAMES[t]}
              {customised ? <span className="compose-tabs__mark"> · own version</span> : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`} className="compose-tabs__panel">
        {tab === 'all' ? <MainPost store={store} counter={counter} /> : <PlatformVersion key={tab} store={store} platform={tab} counter={counter} />}
      </div>
    </section>
  );
}

function MainPost({ store, counter }: { store: ComposerStore; counter: ReactNode }) {
  const draft = useStore(store, (s) => s.draft);
  const update = useStore(store, (s) => s.update);
  return (
    <div className="compose-fields">
      <TextArea
        label="Text"
        rows={6}
        value={draft.text}
        placeholder="What do you want to say?"
        onChange={(event) => update({ text: event.target.value })}
        hint="Links, mentions and hashtags are counted the way each network counts them. Ctrl+Enter (⌘+Enter) schedules."
      />
      {counter}
      <MediaEditor label="Images and video" items={draft.media} onChange={(media) => update({ media })} />
      <ThreadEditor label="Thread: replies that follow the post" replies={draft.thread} onChange={(thread) => update({ thread })} />
      <TextArea
        label="First comment (optional)"
        rows={2}
        value={draft.firstComment ?? ''}
        hint="Posted as a reply right after the post (and its thread), e.g. for a link."
        onChange={(event) => update({ firstComment: event.target.value === '' ? undefined : event.target.value })}
      />
    </div>
  );
}

function PlatformVersion({ store, platform, counter }: { store: ComposerStore; platform: Platform; counter: ReactNode }) {
  const draft = useStore(store, (s) => s.draft);
  const setVariant = useStore(store, (s) => s.setVariant);
  const name = PLATFORM_NAMES[platform];
  const override = draft.variants[platform] ?? {};
  const variant = variantFor(draft, platform);

  return (
    <div className="compose-fields">
      <TextArea
        label={`Text for ${name}`}
        rows={6}
        value={variant.text}
        onChange={(event) => setVariant(platform, { text: event.target.value })}
        hint={override.text === undefined ? `Same as “All networks” until you change it here.` : `${name} gets this text instead of the main one.`}
      />
      {counter}
      {override.text !== undefined ? (
        <Button onClick={() => setVariant(platform, { text: undefined })}>
          Use the main text for {name}
        </Button>
      ) : null}
      <Checkbox
        label={`Different images or video for ${name}`}
        checked={override.media !== undefined}
        onChange={(event) => setVariant(platform, { media: event.target.checked ? [...draft.media] : undefined })}
      />
      {override.media !== undefined ? (
        <MediaEditor label={`Images and video for ${name}`} items={override.media} onChange={(media) => setVariant(platform, { media })} />
      ) : null}
      <Checkbox
        label={`Different thread for ${name}`}
        checked={override.thread !== undefined}
        onChange={(event) => setVariant(platform, { thread: event.target.checked ? [...draft.thread] : undefined })}
      />
      {override.thread !== undefined ? (
        <ThreadEditor label={`Thread for ${name}`} replies={override.thread} onChange={(thread) => setVariant(platform, { thread })} />
      ) : null}
      <Checkbox
        label={`Different first comment for ${name}`}
        checked={override.firstComment !== undefined}
        onChange={(event) => setVariant(platform, { firstComment: event.target.checked ? (draft.firstComment ?? '') : undefined })}
      />
      {override.firstComment !== undefined ? (
        <TextArea
          label={`First comment for ${name}`}
          rows={2}
          value={override.firstComment}
          onChange={(event) => setVariant(platform, { firstComment: event.target.value })}
        />
      ) : null}
    </div>
  );
}
