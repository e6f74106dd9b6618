import type { RealtimeEvent, RealtimeItem } from '../realtime/realtime-events';
import { TranscriptTracker, type TranscriptLine } from '../realtime/transcript-tracker';
import type { EchoGuard } from './echo-guard';

/** Where an echo of a delivered output showed up as user text. */
export type EchoSource = 'item' | 'input' | 'transcript';

/** The transcript events a handoff's transcript follows. */
export type TranscriptEvent = Extract<
  RealtimeEvent,
  { type: `${'input' | 'output'}_transcript_${'delta' | 'done'}` }
>;

/** User items recognised as echoes, remembered so their input transcripts are skipped. */
const MAX_ECHO_ITEMS = 32;

/**
 * The conversation as handoffs carry it, minus the delegate's own words coming back as user
 * text: it follows the transcript, skips the input transcripts of user items recognised as
 * echoes, and drops echoed user words from what a handoff takes (reporting each echo).
 */
export class HandoffTranscript {
  private readonly tracker = new TranscriptTracker();
  private readonly echoItems: string[] = [];

  constructor(
    private readonly echo: EchoGuard,
    private readonly onEcho: (text: string, source: EchoSource) => void,
  ) {}

  /** True for the input transcript of a user item that was an echo: it must be ignored. */
  isEchoed(event: TranscriptEvent): boolean {
    const isInput =
      event.type === 'input_transcript_delta' || event.type === 'input_transcript_done';
    return isInput && event.itemId !== null && this.echoItems.includes(event.itemId);
  }

  /** Feeds one server event to the tracker; true when an entry's text changed. */
  apply(event: RealtimeEvent): boolean {
    return this.tracker.apply(event);
  }

  /** A conversation item: a user item that echoes a delivered output is remembered and reported. */
  noteItem(item: RealtimeItem): void {
    if (item.role !== 'user' || item.text.trim() === '' || !this.echo.isEcho(item.text)) return;
    if (item.id !== null && !this.echoItems.includes(item.id)) {
      this.echoItems.push(item.id);
      if (this.echoItems.length > MAX_ECHO_ITEMS) this.echoItems.shift();
    }
    this.onEcho(item.text, 'item');
  }

  /** The user started a turn of their own (the talk key went down): their next words are new. */
  userTurnStarted(): void {
    this.tracker.forceNewEntry('user');
  }

  /**
   * What a routed handoff carries, marked delivered: its input transcript and the lines since
   * the last handoff, with echoed user words left out.
   */
  take(inputTranscript: string): { input: string; lines: TranscriptLine[] } {
    const input = this.withoutEcho(inputTranscript.trim(), 'input');
    const lines = this.tracker
      .takeSinceLastHandoff(input)
      .filter((line) => line.role !== 'user' || this.withoutEcho(line.text, 'transcript') !== '');
    return { input, lines };
  }

  /** A new socket: whatever comes next starts new entries. */
  newSocket(): void {
    this.tracker.forceNewEntry('user');
    this.tracker.forceNewEntry('assistant');
  }

  /** `text`, or '' when it is an echo of a delivered output (reported). */
  private withoutEcho(text: string, source: 'input' | 'transcript'): string {
    if (text === '' || !this.echo.isEcho(text)) return text;
    this.onEcho(text, source);
    return '';
  }
}
