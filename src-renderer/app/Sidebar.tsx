import type { ReactNode } from 'react';
import { useAppInfo } from './session-context';
import type { PageId } from './routes';
import { PAGES, hrefOf } from './routes';
import { WorkspaceSwitcher } from '../features/workspaces/WorkspaceSwitcher';
import {
  AccountsIcon,
  AgentIcon,
  AnalyticsIcon,
  CalendarIcon,
  ComposeIcon,
  MediaIcon,
  SettingsIcon,
  StudioIcon,
} from '../components/icons';

const ICONS: Record<PageId, () => ReactNode> = {
  compose: ComposeIcon,
  calendar: CalendarIcon,
  media: MediaIcon,
  studio: StudioIcon,
  analytics: AnalyticsIcon,
  agent: AgentIcon,
  accounts: AccountsIcon,
  settings: SettingsIcon,
};

function NavLink({ page, label, current }: { page: PageId; label: string; current: boolean }) {
  const PageIcon = ICONS[page];
  return (
    <li>
      <a className="nav__link" href={hrefOf(page)} aria-current={current ? 'page' : undefined}>
        <PageIcon />
        <span>{label}</span>
      </a>
    </li>
  );
}

export function Sidebar({ page }: { page: PageId }) {
  const version = useAppInfo((s) => s.info?.version);
  const work = PAGES.filter((p) => p.id !== 'settings');
  return (
    <aside className="sidebar">
      <WorkspaceSwitcher />
      <nav className="nav" aria-label="Main">
        <ul className="nav__list">
          {work.map((p) => (
            <NavLink key={p.id} page={p.id} label={p.label} current={p.id === page} />
          ))}
        </ul>
        <ul className="nav__list nav__list--end">
          <NavLink page="settings" label="Settings" current={page === 'settings'} />
        </ul>
      </nav>
      <p className="sidebar__footer">PromoGPT{version ? ` ${version}` : ''}</p>
    </aside>
  );
}
