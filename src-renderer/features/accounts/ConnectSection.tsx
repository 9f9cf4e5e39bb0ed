import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { Platform } from '../../../src-shared/platforms/platform';
import { PLATFORMS, PLATFORM_NAMES } from '../../../src-shared/platforms/platform';
import { SettingsSection } from '../settings/SettingsSection';
import { BlueskyForm } from './BlueskyForm';
import type { ConnectFormProps, ConnectRequest } from './connect-request';
import { MastodonForm } from './MastodonForm';
import { XForm } from './XForm';

const FORMS: Record<Platform, (props: ConnectFormProps) => ReactNode> = {
  bluesky: BlueskyForm,
  mastodon: MastodonForm,
  x: XForm,
};

/** Pick a platform, then its own way of signing in. A reconnect request opens its platform's form filled in. */
export function ConnectSection({ workspaceId, request }: { workspaceId: string; request: ConnectRequest | null }) {
  const [choice, setChoice] = useState<Platform>(request?.platform ?? 'bluesky');
  const name = useId();

  useEffect(() => {
    if (request) setChoice(request.platform);
  }, [request]);

  const Form = FORMS[choice];
  const prefill = request?.platform === choice ? request : undefined;
  return (
    <SettingsSection
      title="Connect an account"
      description="PromoGPT keeps each account’s sign-in in your system’s keychain and never sees your main password."
    >
      <fieldset className="choice">
        <legend className="choice__legend">Platform</legend>
        <div className="segmented">
          {PLATFORMS.map((platform) => (
            <label key={platform} className="segmented__option">
              <input type="radio" name={name} value={platform} checked={choice === platform} onChange={() => setChoice(platform)} />
              <span>{PLATFORM_NAMES[platform]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Form key={`${choice}-${prefill?.id ?? 0}`} workspaceId={workspaceId} prefill={prefill} />
    </SettingsSection>
  );
}
