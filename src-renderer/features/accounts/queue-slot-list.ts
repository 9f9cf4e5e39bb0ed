// An account's weekly posting times as the dialog edits them: kept sorted, never twice the same.

import type { QueueSchedule } from '../../../src-shared/domain';

export type Slot = QueueSchedule['slots'][number];
export type Weekday = Slot['weekday'];

export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export function sortSlots(slots: readonly Slot[]): Slot[] {
  return [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

export function hasSlot(slots: readonly Slot[], slot: Slot): boolean {
  return slots.some((s) => s.weekday === slot.weekday && s.time === slot.time);
}

export function withSlot(slots: readonly Slot[], slot: Slot): Slot[] {
  return hasSlot(slots, slot) ? sortSlots(slots) : sortSlots([...slots, slot]);
}

export function withoutSlot(slots: readonly Slot[], slot: Slot): Slot[] {
  return slots.filter((s) => !(s.weekday === slot.weekday && s.time === slot.time));
}

/** The times of each weekday, Monday first; a day without times has an empty list. */
export function byWeekday(slots: readonly Slot[]): { weekday: Weekday; times: string[] }[] {
  return WEEKDAYS.map((weekday) => ({ weekday, times: sortSlots(slots.filter((s) => s.weekday === weekday)).map((s) => s.time) }));
}

/** "09:00" from a time input, which may also carry seconds ("09:00:00"). */
export function hhmm(value: string): string {
  return value.slice(0, 5);
}
