import { useEffect, useRef } from 'react';
import type { Workspace } from '../../src-shared/domain';
import { PageView } from './PageView';
import { labelOf, sectionFromHash } from './routes';
import { Sidebar } from './Sidebar';
import { useHashRoute } from './useHashRoute';

/** The sidebar and the page the URL names, for the workspace that is open. */
export function Workbench({ workspace }: { workspace: Workspace }) {
  const page = useHashRoute();
  const firstPage = useRef(true);

  useEffect(() => {
    document.title = `${labelOf(page)} · ${workspace.name} · PromoGPT`;
  }, [page, workspace.name]);

  // After moving to another page, put keyboard and screen-reader focus on its heading, or on
  // the section the link named (`#/settings/developer-apps`).
  useEffect(() => {
    const section = sectionFromHash(window.location.hash);
    const target = section ? document.getElementById(section) : null;
    if (firstPage.current) {
      firstPage.current = false;
      if (!target) return;
    }
    (target ?? document.getElementById('page-title'))?.focus();
  }, [page]);

  return (
    <div className="workbench">
      <Sidebar page={page} />
      <main className="main" id="main" tabIndex={-1}>
        <PageView page={page} workspace={workspace} />
      </main>
    </div>
  );
}
