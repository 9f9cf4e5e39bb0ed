import { useSession, useStartup } from './session-context';
import { Button } from '../components/Button';

/** What shows before the first answer from the core, or when the core could not be reached. */
export function StartupScreen() {
  const { reload } = useSession();
  const { phase, error } = useStartup((s) => s);
  if (phase === 'loading') {
    return (
      <main className="startup" id="main" tabIndex={-1}>
        <p role="status">Opening PromoGPT…</p>
      </main>
    );
  }
  return (
    <main className="startup" id="main" tabIndex={-1}>
      <div className="startup__card" role="alert">
        <h1 className="page-title">PromoGPT could not start</h1>
        <p>{error}</p>
        <Button variant="primary" onClick={() => void reload()}>
          Try again
        </Button>
      </div>
    </main>
  );
}
