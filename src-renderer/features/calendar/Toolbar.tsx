import type { Account } from '../../../src-shared/domain';
import { PLATFORM_NAMES, PLATFORMS, type Platform } from '../../../src-shared/platforms/platform';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/Checkbox';
import { ENTRY_STATUSES, isFiltered, NO_FILTERS, STATUS_LABELS, type EntryFilters, type EntryStatus } from './calendar-entries';
import { CALENDAR_VIEWS, type CalendarView } from './date-grid';

export interface ToolbarProps {
  view: CalendarView;
  title: string;
  zone: string;
  draftCount: number;
  accounts: readonly Account[];
  filters: EntryFilters;
  onView: (view: CalendarView) => void;
  onStep: (step: -1 | 1) => void;
  onToday: () => void;
  onFilters: (filters: EntryFilters) => void;
}

// Drafts have no time, so they are never on the calendar: the Drafts link counts them instead.
const FILTER_STATUSES = ENTRY_STATUSES.filter((s) => s !== 'draft');

const STEP_NAMES: Record<CalendarView, string> = { month: 'month', week: 'week', list: 'month' };

/** Moving through time, choosing the view, and narrowing what is shown. */
export function Toolbar({ view, title, zone, draftCount, accounts, filters, onView, onStep, onToday, onFilters }: ToolbarProps) {
  const chosen = new Set(filters.accountIds);
  const toggleAccount = (id: string, on: boolean) =>
    onFilters({ ...filters, accountIds: on ? [...filters.accountIds, id] : filters.accountIds.filter((a) => a !== id) });
  const accountSummary = filters.accountIds.length === 0 ? 'All accounts' : `${filters.accountIds.length} of ${accounts.length} accounts`;

  return (
    <div className="calendar-toolbar">
      <div className="calendar-toolbar__row">
        <div className="calendar-toolbar__nav">
          <Button onClick={() => onStep(-1)} aria-label={`Previous ${STEP_NAMES[view]}`}>
            ‹
          </Button>
          <Button onClick={onToday}>Today</Button>
          <Button onClick={() => onStep(1)} aria-label={`Next ${STEP_NAMES[view]}`}>
            ›
          </Button>
          <h2 className="calendar-toolbar__title" aria-live="polite">
            {title}
          </h2>
        </div>
        <div className="calendar-toolbar__views" role="group" aria-label="View">
          {CALENDAR_VIEWS.map((v) => (
            <Button key={v.id} variant={v.id === view ? 'primary' : 'secondary'} aria-pressed={v.id === view} onClick={() => onView(v.id)}>
              {v.label}
            </Button>
          ))}
        </div>
      </div>
      <div className="calendar-toolbar__row">
        <p className="calendar-toolbar__zone">
          Times in <strong>{zone}</strong>
        </p>
        <a className="calendar-toolbar__drafts" href="#/compose">
          Drafts ({draftCount})
        </a>
      </div>
      <div className="calendar-toolbar__filters" role="group" aria-label="Filters">
        <details className="account-filter">
          <summary className="button">{accountSummary}</summary>
          <fieldset className="account-filter__list">
            <legend className="visually-hidden">Accounts to show</legend>
            {accounts.length === 0 ? <p className="muted">No accounts connected.</p> : null}
            {accounts.map((account) => (
              <Checkbox
                key={account.id}
                label={`${account.handle} (${PLATFORM_NAMES[account.platform]})`}
                checked={chosen.has(account.id)}
                onChange={(event) => toggleAccount(account.id, event.target.checked)}
              />
            ))}
          </fieldset>
        </details>
        <label className="select-field">
          <span className="select-field__label">Platform</span>
          <select
            className="field__input"
            value={filters.platform ?? ''}
            onChange={(event) => onFilters({ ...filters, platform: (event.target.value || null) as Platform | null })}
          >
            <option value="">All platforms</option>
            {PLATFORMS.map((p) => (
              <option key={p} value={p}>
                {PLATFORM_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="select-field">
          <span className="select-field__label">Status</span>
          <select
            className="field__input"
            value={filters.status ?? ''}
            onChange={(event) => onFilters({ ...filters, status: (event.target.value || null) as EntryStatus | null })}
          >
            <option value="">All but cancelled</option>
            {FILTER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {isFiltered(filters) ? (
          <Button variant="ghost" onClick={() => onFilters(NO_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </div>
  );
}
