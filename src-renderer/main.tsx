import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './api/client';
import { pickTransport } from './api/pick-transport';
import { App } from './app/App';
import { SessionProvider } from './app/session-context';
import { applyTheme } from './app/theme';
import { createSession } from './store/session';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/switcher-and-dialogs.css';
import './styles/empty-state.css';
import './styles/settings.css';
import './styles/accounts.css';
import './styles/notices.css';
import './styles/backups.css';
import './styles/your-data.css';

// Follow the OS until the saved theme arrives, so a dark desktop does not flash white.
applyTheme('system');

const { transport, onStatus } = pickTransport();
const session = createSession(createApi(transport), onStatus);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <SessionProvider session={session}>
        <App />
      </SessionProvider>
    </StrictMode>,
  );
}
