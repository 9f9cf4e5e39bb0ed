import type { DragEvent, KeyboardEvent } from 'react';
import { PLATFORM_NAMES, type Platform } from '../../../src-shared/platforms/platform';
import { STATUS_LABELS, type CalendarEntry, type EntryStatus } from './calendar-entries';

/** A shape per status, so the status never rests on colour alone. */
export const STATUS_GLYPHS: Record<EntryStatus, string> = {
  draft: '✎',
  scheduled: '◷',
  publishing: '↻',
  published: '✓',
  failed: '✕',
  needs_attention: '!',
  cancelled: '–',
};

export function StatusGlyph({ status }: { status: EntryStatus }) {
  return (
    <span className={`status-glyph status-glyph--${status}`} aria-hidden="true">
      {STATUS_GLYPHS[status]}
    </span>
  );
}

/** A chip is too narrow for a handle: a letter in the platform's colour tells a post's accounts apart (the label and tooltip name them). */
const PLATFORM_MARKS: Record<Platform, string> = { bluesky: 'B', mastodon: 'M', x: 'X' };

/** The MIME type a dragged entry travels under (the page also remembers it, since drop cannot read data in every browser). */
export const ENTRY_DRAG_TYPE = 'application/x-promogpt-entry';

export interface EntryActions {
  onOpen: (entry: CalendarEntry) => void;
  /** Opens the Move dialog: the keyboard's way to reschedule (M on a focused entry). */
  onMove: (entry: CalendarEntry) => void;
  onDragStart: (entry: CalendarEntry) => void;
  onDragEnd: () => void;
}

export interface EntryChipProps extends EntryActions {
  entry: CalendarEntry;
  /** 'row' shows the handle, platform and status in words (list view and day dialog). */
  layout?: 'chip' | 'row';
}

/** One (post, account) on the calendar: its time, status, account and first line; click for the detail, drag or M to move it. */
export function EntryChip({ entry, layout = 'chip', onOpen, onMove, onDragStart, onDragEnd }: EntryChipProps) {
  const platform = entry.platform ? PLATFORM_NAMES[entry.platform] : null;
  const status = STATUS_LABELS[entry.status];
  const label = `${entry.time}, ${status}, ${entry.handle}${platform ? ` on ${platform}` : ''}: ${entry.excerpt}`;

  const dragStart = (event: DragEvent<HTMLButtonElement>) => {
    if (!entry.movable) {
      event.preventDefault();
      return;
    }
    event.dataTransfer?.setData(ENTRY_DRAG_TYPE, entry.key);
    event.dataTransfer?.setData('text/plain', entry.excerpt);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    onDragStart(entry);
  };

  const keyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if ((event.key === 'm' || event.key === 'M') && !event.ctrlKey && !event.metaKey && !event.altKey && entry.movable) {
      event.preventDefault();
      onMove(entry);
    }
  };

  return (
    <button
      type="button"
      className={`entry entry--${layout} entry--${entry.status}${entry.movable ? ' entry--movable' : ''}`}
      draggable={entry.movable}
      data-entry={entry.key}
      aria-label={label}
      title={layout === 'chip' ? label : undefined}
      aria-keyshortcuts={entry.movable ? 'M' : undefined}
      onClick={() => onOpen(entry)}
      onKeyDown={keyDown}
      onDragStart={dragStart}
      onDragEnd={onDragEnd}
    >
      <StatusGlyph status={entry.status} />
      <span className="entry__time">{entry.time}</span>
      {layout === 'chip' && entry.platform ? (
        <span className={`entry__network platform-tint--${entry.platform}`} aria-hidden="true">
          {PLATFORM_MARKS[entry.platform]}
        </span>
      ) : null}
      {layout === 'row' ? <span className="entry__status">{status}</span> : null}
      <span className="entry__handle">
        {entry.handle}
        {layout === 'row' && platform ? <span className="entry__platform"> · {platform}</span> : null}
      </span>
      <span className="entry__text">{entry.excerpt}</span>
    </button>
  );
}
