import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Workspace } from '../../../src-shared/domain';
import { useAccounts } from '../../app/session-context';
import { MastodonApps } from './MastodonApps';
import { RelayUrlForm } from './RelayUrlForm';
import { SettingsSection } from './SettingsSection';
import { XAppForm } from './XAppForm';

export const DEVELOPER_APPS_ANCHOR = 'developer-apps';

/** Apps some platforms need before an account can sign in: the user's own (X), or PromoGPT's registrations (Mastodon). */
export function DeveloperAppsSection({ workspace }: { workspace: Workspace }) {
  const { loaded, error, credentials } = useAccounts(useShallow((s) => ({ loaded: s.loaded, error: s.error, credentials: s.credentials })));
  const xId = useId();
  const mastodonId = useId();
  const laterId = useId();
  const xApp = credentials.find((c) => c.platform === 'x' && c.instance === '');

  return (
    <SettingsSection
      anchor={DEVELOPER_APPS_ANCHOR}
      title="Developer apps"
      description={`Some platforms only let registered apps sign in. These apps belong to “${workspace.name}”; a client secret, when there is one, stays in your system’s keychain and is never shown again.`}
    >
      <section className="subsection" aria-labelledby={xId}>
        <h3 id={xId} className="subsection__title">
          X
        </h3>
        {!loaded ? (
          <p className="muted">Loading…</p>
        ) : error ? (
          <p className="muted">{error}</p>
        ) : (
          <XAppForm workspaceId={workspace.id} saved={xApp} />
        )}
      </section>
      <section className="subsection" aria-labelledby={mastodonId}>
        <h3 id={mastodonId} className="subsection__title">
          Mastodon
        </h3>
        <MastodonApps apps={credentials.filter((c) => c.platform === 'mastodon')} />
      </section>
      <section className="subsection" aria-labelledby={laterId}>
        <h3 id={laterId} className="subsection__title">
          Facebook, Instagram and Threads
        </h3>
        <p>
          Meta’s platforms send a sign-in back only to an HTTPS web address, which an app running on your own computer cannot
          receive by itself. Connecting them comes in a later release; you can set up the relay that will carry their answer now.
        </p>
        <RelayUrlForm />
      </section>
    </SettingsSection>
  );
}
