import type { AppCredential } from '../../../src-shared/domain';

/** The Mastodon servers PromoGPT registered itself on: shown, never edited. */
export function MastodonApps({ apps }: { apps: AppCredential[] }) {
  return (
    <>
      <p>
        No setup needed. PromoGPT registers itself as an app on each Mastodon server the first time you connect an account
        there.
      </p>
      {apps.length === 0 ? (
        <p className="muted">Not registered on any server yet.</p>
      ) : (
        <ul className="boxed-list app-list" aria-label="Mastodon servers PromoGPT is registered on">
          {apps.map((app) => (
            <li key={app.instance} className="app-list__item">
              <span className="app-list__name">{app.instance}</span>
              {app.hasSecret ? <span className="muted">secret stored in the keychain</span> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
