import { render } from '@testing-library/react';
import { createApi } from '../../../src-renderer/api/client';
import type { StatusListener } from '../../../src-renderer/api/pick-transport';
import { App } from '../../../src-renderer/app/App';
import { SessionProvider } from '../../../src-renderer/app/session-context';
import { createSession } from '../../../src-renderer/store/session';
import type { FakeCore } from './fake-core';

/** Mounts the whole app in #root, as index.html does, on the page the hash names. */
export function renderApp(core: FakeCore, options: { hash?: string; onStatus?: (listener: StatusListener) => () => void } = {}) {
  window.location.hash = options.hash ?? '';
  const root = document.createElement('div');
  root.id = 'root';
  document.body.appendChild(root);
  const session = createSession(createApi(core.transport), options.onStatus);
  const view = render(
    <SessionProvider session={session}>
      <App />
    </SessionProvider>,
    { container: root },
  );
  return { ...view, session };
}
