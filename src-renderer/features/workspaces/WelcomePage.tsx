import { useAppInfo } from '../../app/session-context';
import { CreateWorkspaceForm } from './CreateWorkspaceForm';

/** Shown while there is no workspace: nothing else works until the first one exists. */
export function WelcomePage() {
  const dataDir = useAppInfo((s) => s.info?.dataDir);
  return (
    <main className="welcome" id="main" tabIndex={-1}>
      <section className="welcome__card" aria-labelledby="page-title">
        <p className="welcome__brand">PromoGPT</p>
        <h1 id="page-title" className="page-title" tabIndex={-1}>
          Create your first workspace
        </h1>
        <p>
          A workspace holds everything for one brand or client: its social accounts, posts, media and analytics. Make one per brand
          or client you post for.
        </p>
        <p>
          Each workspace is kept on this machine, in its own folder, so one client’s data never mixes with another’s.
          {dataDir ? (
            <>
              {' '}
              They live in <code className="path">{dataDir}</code>.
            </>
          ) : null}
        </p>
        <CreateWorkspaceForm />
      </section>
    </main>
  );
}
