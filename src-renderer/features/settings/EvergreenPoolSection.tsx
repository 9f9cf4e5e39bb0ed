import { useEffect, useId, useState } from 'react';
import type { EvergreenPool } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { EvergreenForm } from './EvergreenForm';
import { EvergreenPostList } from './EvergreenPostList';

/** Posts that come back on a cadence: when, how often, and which ones. */
export function EvergreenPoolSection({ workspaceId }: { workspaceId: string }) {
  const { api } = useSession();
  const headingId = useId();
  const [pool, setPool] = useState<EvergreenPool | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = () => {
    setLoadError(null);
    api.call('evergreen.get', { workspaceId }).then(setPool, (failure: unknown) => setLoadError(errorMessage(failure)));
  };
  useEffect(load, [api, workspaceId]);

  return (
    <section className="subsection" aria-labelledby={headingId}>
      <h3 id={headingId} className="subsection__title">
        Evergreen pool
      </h3>
      <p>
        Posts in the pool are posted again on a schedule: each run copies the one queued least recently to its accounts, and never
        the same post twice within the gap you set. To add a post, open a scheduled or published post in the Calendar and choose
        “Add to evergreen pool”.
      </p>
      {loadError ? (
        <div className="form">
          <InlineMessage tone="error">{loadError}</InlineMessage>
          <div>
            <Button onClick={load}>Try again</Button>
          </div>
        </div>
      ) : !pool ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <EvergreenForm workspaceId={workspaceId} pool={pool} onSaved={setPool} />
          <EvergreenPostList workspaceId={workspaceId} pool={pool} onChanged={setPool} />
        </>
      )}
    </section>
  );
}
