import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Workspace } from '../../../src-shared/domain';
import type { LocalDate } from '../../../src-shared/schedule/zoned-time';
import { errorMessage } from '../../api/error-message';
import { useAccounts, useSession } from '../../app/session-context';
import { Button } from '../../components/Button';
import { InlineMessage } from '../../components/InlineMessage';
import { createPostsStore, isDuplicateClash, POSTS_LIMIT } from '../../store/posts';
import '../../styles/calendar.css';
import { countByStatus, entriesOf, filterEntries, groupByDay, isFiltered, NO_FILTERS, rescheduleInput, type CalendarEntry, type EntryFilters } from './calendar-entries';
import { instantRange, rangeOf, shiftAnchor, todayIn, viewTitle, whenText, type CalendarView } from './date-grid';
import { DayDialog } from './DayDialog';
import type { EntryActions } from './EntryChip';
import { Legend } from './Legend';
import { ListView } from './ListView';
import { MonthView } from './MonthView';
import { MoveDialog } from './MoveDialog';
import { PostDetail } from './PostDetail';
import { Toolbar } from './Toolbar';
import { WeekView } from './WeekView';
import { systemTimeZone } from '../../../src-shared/schedule/zoned-time';

type MoveNote = { tone: 'success'; text: string } | { tone: 'error'; text: string; overrule?: { entry: CalendarEntry; date: LocalDate; time: string } };

/** Every scheduled and published post of the workspace by month, week or as a list, per account, in this machine's zone. */
export function CalendarPage({ workspace }: { workspace: Workspace }) {
  const { api } = useSession();
  const [store] = useState(() => createPostsStore(api));
  const zone = useMemo(() => systemTimeZone(), []);
  const today = todayIn(zone);
  const [view, setView] = useState<CalendarView>('month');
  const [anchor, setAnchor] = useState<LocalDate>(today);
  const [filters, setFilters] = useState<EntryFilters>(NO_FILTERS);
  const [opened, setOpened] = useState<CalendarEntry | null>(null);
  const [moving, setMoving] = useState<CalendarEntry | null>(null);
  const [openDay, setOpenDay] = useState<LocalDate | null>(null);
  const [dragging, setDragging] = useState<CalendarEntry | null>(null);
  const [note, setNote] = useState<MoveNote | null>(null);
  const accounts = useAccounts((s) => s.accounts);
  const { posts, loading, error, truncated, draftCount } = useStore(
    store,
    useShallow((s) => ({ posts: s.posts, loading: s.loading, error: s.error, truncated: s.truncated, draftCount: s.draftCount })),
  );

  useEffect(() => store.getState().start(), [store]);
  const range = useMemo(() => instantRange(rangeOf(view, anchor), zone), [view, anchor, zone]);
  useEffect(() => {
    void store.getState().load(workspace.id, range);
  }, [store, workspace.id, range]);

  const all = useMemo(() => entriesOf(posts.values(), zone), [posts, zone]);
  const entries = useMemo(() => filterEntries(all, filters), [all, filters]);
  const byDay = useMemo(() => groupByDay(entries), [entries]);
  const counts = useMemo(() => countByStatus(entries), [entries]);
  const title = viewTitle(view, anchor);

  /** Moves the entry's post so it shows at `date` `time` here; throws the core's refusal after putting it back. */
  const moveTo = async (entry: CalendarEntry, date: LocalDate, time: string, allowDuplicate = false) => {
    const input = rescheduleInput(entry.postTimeZone, date, time, zone);
    if (Date.parse(input.instant) === entry.ms) return;
    setNote(null);
    await store.getState().reschedule(entry.postId, input, allowDuplicate);
    setNote({ tone: 'success', text: `Moved “${entry.excerpt}” to ${whenText(input.instant, zone)}.` });
  };

  const dropAt = (date: LocalDate, time: (entry: CalendarEntry) => string) => {
    const entry = dragging;
    setDragging(null);
    if (!entry?.movable) return;
    const at = time(entry);
    moveTo(entry, date, at).catch((failure: unknown) =>
      setNote({ tone: 'error', text: errorMessage(failure), ...(isDuplicateClash(failure) ? { overrule: { entry, date, time: at } } : {}) }),
    );
  };

  const actions: EntryActions = {
    onOpen: (entry) => {
      setOpenDay(null);
      setOpened(entry);
    },
    onMove: (entry) => {
      setOpenDay(null);
      setOpened(null);
      setMoving(entry);
    },
    onDragStart: setDragging,
    onDragEnd: () => setDragging(null),
  };

  const nothingInPeriod = !loading && !error && all.length === 0;
  const nothingMatches = !loading && !error && all.length > 0 && entries.length === 0;

  return (
    <div className="page calendar-page">
      <h1 id="page-title" className="page-title" tabIndex={-1}>
        Calendar
      </h1>
      <Toolbar
        view={view}
        title={title}
        zone={zone}
        draftCount={draftCount}
        accounts={accounts}
        filters={filters}
        onView={setView}
        onStep={(step) => setAnchor((a) => shiftAnchor(view, a, step))}
        onToday={() => setAnchor(todayIn(zone))}
        onFilters={setFilters}
      />
      <Legend counts={counts} />
      {note ? (
        <div className={`calendar-note calendar-note--${note.tone}`}>
          <InlineMessage tone={note.tone}>{note.tone === 'error' ? `Not moved. ${note.text}` : note.text}</InlineMessage>
          {note.tone === 'error' && note.overrule ? (
            <Button
              variant="danger"
              onClick={() => {
                const { entry, date, time } = note.overrule as NonNullable<typeof note.overrule>;
                moveTo(entry, date, time, true).catch((failure: unknown) => setNote({ tone: 'error', text: errorMessage(failure) }));
              }}
            >
              Move anyway
            </Button>
          ) : null}
          <Button variant="ghost" onClick={() => setNote(null)}>
            Dismiss
          </Button>
        </div>
      ) : null}
      {error ? (
        <div className="load-error">
          <InlineMessage tone="error">{error}</InlineMessage>
          <Button onClick={() => void store.getState().reload()}>Try again</Button>
        </div>
      ) : null}
      {loading && all.length === 0 ? <p className="muted">Loading posts…</p> : null}
      {truncated ? (
        <p className="notice">
          This period holds more than {POSTS_LIMIT.toLocaleString('en-GB')} posts; the calendar shows the latest {POSTS_LIMIT.toLocaleString('en-GB')}. Use
          Week view or a filter to see the rest.
        </p>
      ) : null}
      {nothingInPeriod ? (
        <div className="empty-note">
          <p className="empty-note__title">Nothing scheduled {view === 'week' ? `in the week of ${title}` : `in ${title}`}</p>
          <p>
            Write a post in <a href="#/compose">Compose</a> and schedule it: it appears here on its day, for each account it goes to.
          </p>
        </div>
      ) : null}
      {nothingMatches ? (
        <div className="empty-note">
          <p className="empty-note__title">No posts match these filters</p>
          <Button onClick={() => setFilters(NO_FILTERS)}>Clear filters</Button>
        </div>
      ) : null}
      {view === 'month' ? (
        <MonthView
          anchor={anchor}
          today={today}
          byDay={byDay}
          dragging={dragging}
          onDropOnDay={(day) => dropAt(day, (entry) => entry.time)}
          onOpenDay={setOpenDay}
          {...actions}
        />
      ) : null}
      {view === 'week' ? (
        <WeekView
          anchor={anchor}
          today={today}
          byDay={byDay}
          dragging={dragging}
          onDropOnSlot={(day, hour) => dropAt(day, (entry) => `${String(hour).padStart(2, '0')}:${entry.time.slice(3, 5)}`)}
          onOpenDay={setOpenDay}
          {...actions}
        />
      ) : null}
      {view === 'list' && entries.length > 0 ? <ListView entries={entries} today={today} label={`Posts in ${title}${isFiltered(filters) ? ', filtered' : ''}`} {...actions} /> : null}
      {openDay ? <DayDialog day={openDay} entries={byDay.get(openDay) ?? []} onClose={() => setOpenDay(null)} {...actions} /> : null}
      {opened ? <PostDetail entry={opened} store={store} zone={zone} onMove={actions.onMove} onClose={() => setOpened(null)} /> : null}
      {moving ? (
        <MoveDialog
          entry={moving}
          zone={zone}
          accountCount={posts.get(moving.postId)?.targets.filter((t) => t.state === 'queued').length ?? 1}
          onClose={() => setMoving(null)}
          onMove={async (date, time, allowDuplicate) => {
            await moveTo(moving, date, time, allowDuplicate);
            setMoving(null);
          }}
        />
      ) : null}
    </div>
  );
}
