import type { Clock, TimerHandle } from '../base/clock';
import type { RealtimeEvent } from '../realtime/realtime-events';
import type { TranscriptLine } from '../realtime/transcript-tracker';
import type { TranscriptRole } from '../realtime/utterance';
import { cutUtf8 } from '../realtime/utf8-text';

/** One transcript fragment of a Live session, in arrival order. */
export interface TimelineFragment {
  role: TranscriptRole;
  text: string;
  /** Its window on the session timeline (ms since session start), when the server gave one. */
  startMs?: number;
  endMs?: number;
}

/** The fragment a Live transcript event carries, or null for any other event. */
export function liveFragmentOf(event: RealtimeEvent): TimelineFragment | null {
  if (event.type !== 'input_transcript_delta' && event.type !== 'output_transcript_delta') {
    return null;
  }
  return {
    role: event.type === 'input_transcript_delta' ? 'user' : 'assistant',
    text: event.delta,
    ...(event.startMs === undefined ? {} : { startMs: event.startMs }),
    ...(event.endMs === undefined ? {} : { endMs: event.endMs }),
  };
}

/**
 * Why a held delegation was routed:
 * - `passed`: a fragment ending after its offset arrived while it was held;
 * - `already_passed`: such a fragment had arrived before the delegation did;
 * - `cap`: none came within the cap;
 * - `closed`: the socket went away first.
 */
export type TimelineRouteReason = 'passed' | 'already_passed' | 'cap' | 'closed';

/** A delegation ready for the delegate, with what it carries and how long it waited. */
export interface RoutedDelegation {
  delegationId: string;
  offsetMs: number;
  reason: TimelineRouteReason;
  /** Milliseconds from the delegation event to routing. */
  waitedMs: number;
  /** Milliseconds from the event to the fragment that passed its offset (negative: before it). */
  passedAfterMs: number | null;
  /** The words since the previous delegation up to its offset, one line per turn. */
  lines: TranscriptLine[];
}

/** Options of {@link TimelineSettle}. */
export interface TimelineSettleOptions {
  clock: Clock;
  onRoute(routed: RoutedDelegation): void;
  /** Never hold a delegation longer than this [1,500 ms]. */
  capMs?: number;
  /** Route the moment the transcript passes the offset [true]; false waits the whole cap. */
  routeOnPass?: boolean;
  /**
   * Whose fragments pass an offset: `any` role (robust when the offset is not the start of
   * the user's last fragment) or only the `user`'s [any].
   */
  passBy?: 'any' | 'user';
  /** A same-role gap longer than this starts a new line [800 ms]. */
  turnGapMs?: number;
  /** Undelivered fragments kept; the oldest go first [2,000]. */
  maxFragments?: number;
}

/** Longest fragment text kept: a fragment covers about 200 ms of speech. */
const MAX_FRAGMENT_BYTES = 8_192;
/** Delegation ids remembered to drop a repeated event. */
const MAX_SEEN_IDS = 256;

interface Fragment extends TimelineFragment {
  /** From an earlier socket: its times are on another timeline. */
  stale: boolean;
}

interface Held {
  delegationId: string;
  offsetMs: number;
  arrivedAt: number;
  passedAt: number | null;
  timer: TimerHandle | null;
}

/**
 * The Live settle rule: a delegation's request is the transcript up to its `offset_ms`, and
 * fragments covering the offset can arrive after the event. So hold each delegation until a
 * fragment of either role with `end_ms > offset_ms` has arrived (before or after the event),
 * then route at once; cap the wait. Several may be held; a repeated id is dropped. Each routed
 * delegation takes the undelivered fragments that start at or before its offset, so no word
 * is delivered twice and later words wait for the next one. Pure: time from the clock.
 */
export class TimelineSettle {
  private readonly capMs: number;
  private readonly routeOnPass: boolean;
  private readonly passBy: 'any' | 'user';
  private readonly turnGapMs: number;
  private readonly maxFragments: number;
  private fragments: Fragment[] = [];
  private readonly held: Held[] = [];
  private readonly seen: string[] = [];
  /** The furthest `end_ms` seen on this socket's timeline, and when it arrived. */
  private maxEndMs = Number.NEGATIVE_INFINITY;
  private readonly endsSeen: { endMs: number; at: number }[] = [];
  private disposed = false;
  /** Fragments dropped because too many were undelivered. */
  droppedFragments = 0;

  constructor(private readonly options: TimelineSettleOptions) {
    this.capMs = options.capMs ?? 1_500;
    this.routeOnPass = options.routeOnPass ?? true;
    this.passBy = options.passBy ?? 'any';
    this.turnGapMs = options.turnGapMs ?? 800;
    this.maxFragments = Math.max(1, options.maxFragments ?? 2_000);
  }

  /** Delegations waiting for the transcript. */
  get heldCount(): number {
    return this.held.length;
  }

  /** One transcript fragment, in arrival order; routes every delegation it passes. */
  noteFragment(fragment: TimelineFragment): void {
    if (this.disposed) return;
    if (fragment.text !== '') this.keep(fragment);
    const end = fragment.endMs;
    if (end === undefined || !Number.isFinite(end)) return;
    if (this.passBy === 'user' && fragment.role !== 'user') return;
    const now = this.options.clock.now();
    if (end > this.maxEndMs) {
      this.maxEndMs = end;
      this.endsSeen.push({ endMs: end, at: now });
      if (this.endsSeen.length > 64) this.endsSeen.shift();
    }
    for (const held of [...this.held]) {
      if (held.passedAt !== null || end <= held.offsetMs) continue;
      held.passedAt = now;
      if (this.routeOnPass) this.route(held, 'passed');
    }
  }

  /**
   * A `session.delegation.created`: held until the transcript passes `offsetMs`, or routed
   * at once when it already has. False for an id seen before (nothing happens then).
   */
  noteDelegation(delegationId: string, offsetMs: number): boolean {
    if (this.disposed || this.seen.includes(delegationId)) return false;
    this.seen.push(delegationId);
    if (this.seen.length > MAX_SEEN_IDS) this.seen.shift();
    const now = this.options.clock.now();
    const passed = this.endsSeen.find((e) => e.endMs > offsetMs);
    const held: Held = {
      delegationId,
      offsetMs,
      arrivedAt: now,
      passedAt: passed ? passed.at : null,
      timer: null,
    };
    this.held.push(held);
    if (passed && this.routeOnPass) {
      this.route(held, 'already_passed');
      return true;
    }
    held.timer = this.options.clock.setTimeout(() => {
      held.timer = null;
      this.route(held, held.passedAt === null ? 'cap' : 'passed');
    }, this.capMs);
    return true;
  }

  /**
   * The socket is gone: every held delegation is routed now with what arrived, and the next
   * socket's timeline starts over (undelivered words wait for its first delegation).
   */
  socketLost(): void {
    if (this.disposed) return;
    for (const held of [...this.held]) this.route(held, 'closed');
    for (const fragment of this.fragments) fragment.stale = true;
    this.maxEndMs = Number.NEGATIVE_INFINITY;
    this.endsSeen.length = 0;
  }

  /** Drops held delegations unrouted, and their timers. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const held of this.held.splice(0)) {
      if (held.timer !== null) this.options.clock.clearTimeout(held.timer);
    }
    this.fragments = [];
  }

  private keep(fragment: TimelineFragment): void {
    const text = cutUtf8(fragment.text, MAX_FRAGMENT_BYTES);
    this.fragments.push({ ...fragment, text, stale: false });
    if (this.fragments.length > this.maxFragments) {
      this.fragments.shift();
      this.droppedFragments++;
    }
  }

  private route(held: Held, reason: TimelineRouteReason): void {
    const index = this.held.indexOf(held);
    if (index < 0) return;
    this.held.splice(index, 1);
    if (held.timer !== null) this.options.clock.clearTimeout(held.timer);
    const now = this.options.clock.now();
    this.options.onRoute({
      delegationId: held.delegationId,
      offsetMs: held.offsetMs,
      reason,
      waitedMs: now - held.arrivedAt,
      passedAfterMs: held.passedAt === null ? null : held.passedAt - held.arrivedAt,
      lines: this.take(held.offsetMs),
    });
  }

  /** Takes (marks delivered) the fragments at or before `offsetMs`, joined into lines. */
  private take(offsetMs: number): TranscriptLine[] {
    const taken: Fragment[] = [];
    const kept: Fragment[] = [];
    for (const fragment of this.fragments) {
      const before =
        fragment.stale || fragment.startMs === undefined || fragment.startMs <= offsetMs;
      (before ? taken : kept).push(fragment);
    }
    this.fragments = kept;
    return this.toLines(taken);
  }

  private toLines(fragments: readonly Fragment[]): TranscriptLine[] {
    type Line = { role: TranscriptRole; text: string; endMs?: number; stale: boolean };
    const lines: Line[] = [];
    for (const fragment of fragments) {
      const last = lines.at(-1);
      const gap =
        last?.endMs !== undefined && fragment.startMs !== undefined
          ? fragment.startMs - last.endMs
          : 0;
      // Times of an earlier socket are on another timeline: never one line with today's.
      const sameTurn = last?.role === fragment.role && last.stale === fragment.stale;
      if (last && sameTurn && gap <= this.turnGapMs) {
        last.text += fragment.text;
        last.endMs = fragment.endMs ?? last.endMs;
      } else {
        const { role, text, endMs, stale } = fragment;
        lines.push({ role, text, stale, ...(endMs === undefined ? {} : { endMs }) });
      }
    }
    return lines
      .map((line) => ({ role: line.role, text: line.text.replace(/\s+/g, ' ').trim() }))
      .filter((line) => line.text !== '');
  }
}
