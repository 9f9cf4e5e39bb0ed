import { useEffect, useMemo, useState } from 'react';
import { SECURITY_EVENT_KINDS, type SecurityEvent } from '../../../src-shared/backups';
import type { Workspace } from '../../../src-shared/domain';
import { errorMessage } from '../../api/error-message';
import { useSession, useWorkspaces } from '../../app/session-context';
import { InlineMessage } from '../../components/InlineMessage';
import { SelectField } from '../../components/SelectField';
import { SettingsSection } from '../settings/SettingsSection';
import { whenWords } from './backup-words';

const SINCE = [
  { value: '', label: 'Any time' },
  { value: '1', label: 'Last 24 hours' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
];

/** The security log: sign-ins, deletions, backups, integrity failures; filtered by workspace, kind and time. */
export function SecurityLogSection({ workspace }: { workspace: Workspace }) {
  const { api } = useSession();
  const workspaces = useWorkspaces((s) => s.workspaces);
  const names = useMemo(() => new Map(workspaces.map((w) => [w.id, w.name])), [workspaces]);
  // A workspace id, or '' for every workspace and the app's own events.
  const [scope, setScope] = useState(workspace.id);
  const [kind, setKind] = useState('');
  const [since, setSince] = useState('');
  const [events, setEvents] = useState<SecurityEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const sinceIso = since ? new Date(Date.now() - Number(since) * 86_400_000).toISOString() : undefined;
    api
      .call('securityLog.list', {
        ...(scope ? { workspaceId: scope } : {}),
        ...(kind ? { kind } : {}),
        ...(sinceIso ? { since: sinceIso } : {}),
        limit: 200,
      })
      .then(
        (list) => live && (setEvents(list), setError(null)),
        (failure: unknown) => live && setError(errorMessage(failure)),
      );
    return () => {
      live = false;
    };
  }, [api, scope, kind, since]);

  return (
    <SettingsSection title="Security log" anchor="security-log" description="What happened that matters for security. It never holds a password or a token.">
      <div className="security-log__filters">
        <SelectField
          label="Workspace"
          value={scope}
          onChange={(e) => setScope(e.target.value)}
          options={[...workspaces.map((w) => ({ value: w.id, label: `“${w.name}”` })), { value: '', label: 'All, and the app' }]}
        />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value)} options={[{ value: '', label: 'All kinds' }, ...SECURITY_EVENT_KINDS.map((k) => ({ value: k, label: k }))]} />
        <SelectField label="Time" value={since} onChange={(e) => setSince(e.target.value)} options={SINCE} />
      </div>
      {error ? <InlineMessage tone="error">{error}</InlineMessage> : null}
      {events === null ? (
        <p>Loading…</p>
      ) : events.length === 0 ? (
        <p className="empty-note">No events match these filters.</p>
      ) : (
        <table className="security-log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              {scope ? null : <th scope="col">Workspace</th>}
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="security-log__when">{whenWords(e.at)}</td>
                <td>
                  <code>{e.kind}</code>
                </td>
                {scope ? null : <td>{e.workspaceId ? (names.get(e.workspaceId) ?? `${e.workspaceId} (deleted)`) : 'App'}</td>}
                <td>{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </SettingsSection>
  );
}
