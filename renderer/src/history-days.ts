import type { ConversationSummary } from '../../preload/schemas/history';

/** Conversations of one local calendar day, with the heading the list shows for it. */
export interface DayGroup {
  /** `YYYY-MM-DD` in this page's time zone. */
  key: string;
  label: string;
  conversations: ConversationSummary[];
}

/** The local calendar day of an epoch-ms time, `YYYY-MM-DD`. */
export function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The day before `epochMs`'s day, counted in calendar days (a DST day is not 24 h). */
function yesterdayKey(now: number): string {
  const d = new Date(now);
  d.setDate(d.getDate() - 1);
  return dayKey(d.getTime());
}

/**
 * "Today", "Yesterday", else the date in the user's locale ("Monday, 3 March"), with the year
 * when it is not this year's.
 */
export function dayLabel(epochMs: number, now: number, locale?: string): string {
  const key = dayKey(epochMs);
  if (key === dayKey(now)) return 'Today';
  if (key === yesterdayKey(now)) return 'Yesterday';
  const date = new Date(epochMs);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: sameYear ? undefined : 'numeric',
  });
}

/** A clock time in the user's locale, "14:05" or "2:05 PM". */
export function timeOfDay(epochMs: number, locale?: string): string {
  return new Date(epochMs).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** When something happened, as a search hit says it: "Today 14:05", "Monday, 3 March 09:12". */
export function dayAndTime(epochMs: number, now: number, locale?: string): string {
  return `${dayLabel(epochMs, now, locale)} ${timeOfDay(epochMs, locale)}`;
}

/**
 * Conversations grouped by the local day they started, newest day first and newest first
 * within a day, whatever order the pages arrived in (pages may split a day).
 */
export function groupByDay(
  conversations: readonly ConversationSummary[],
  now: number,
  locale?: string,
): DayGroup[] {
  const sorted = [...conversations].sort((a, b) => b.startedAt - a.startedAt);
  const groups: DayGroup[] = [];
  for (const conversation of sorted) {
    const key = dayKey(conversation.startedAt);
    const last = groups.at(-1);
    if (last?.key === key) last.conversations.push(conversation);
    else {
      const label = dayLabel(conversation.startedAt, now, locale);
      groups.push({ key, label, conversations: [conversation] });
    }
  }
  return groups;
}
