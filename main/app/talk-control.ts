/**
 * The app's one talk input: the window's talk button, the global talk key, the tray,
 * `parley --toggle` and voice activity all drive one {@link TalkInput}. The audio pipeline
 * follows its turns, task results wait while a turn is on, capture is off while muted and while
 * hands-free is not listening, and the talk mode follows the settings. In hands-free,
 * listening and the conversation go together: starting or stopping one does the other. A talk
 * start from outside the window (global key, tray, command line) starts a conversation when
 * none is on; the window has its own Start button.
 */
import type { ConversationState } from '../../preload/schemas/conversation';
import type { TalkMode } from '../../preload/schemas/settings';
import type { TalkView } from '../../preload/schemas/talk';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { TypedEmitter } from '../base/typed-emitter';
import type { AudioPipeline } from '../audio/audio-pipeline';
import type { InputMode } from '../audio/capture-input';
import type { TalkCommand } from '../../preload/schemas/talk';
import { TalkInput } from '../audio/talk-input';
import type {
  CommandSource,
  HaltReason,
  KeySource,
  PressSource,
  TalkSnapshot,
} from '../audio/talk-input-types';
import { followTalkTurns } from '../audio/talk-turn-link';
import type { RealtimeEvent } from '../realtime/realtime-events';

/** What the talk control needs of the conversation. */
export interface TalkConversation {
  readonly state: ConversationState;
  on(event: 'state', listener: (state: ConversationState) => void): () => void;
  start(): Promise<void>;
  stop(): void;
}

/** Effects of {@link TalkControl}. */
export interface TalkControlDeps {
  clock: Clock;
  log: Logger;
  pipeline: Pick<
    AudioPipeline,
    | 'on'
    | 'onTalkKey'
    | 'discardTalkTurn'
    | 'interruptPlayback'
    | 'setInputMode'
    | 'setCaptureEnabled'
  >;
  delegation: { setUserSpeaking(speaking: boolean): void };
  conversation: TalkConversation;
  /** The realtime session's events: its voice detection marks the user talking (hands-free). */
  onSessionEvent(listener: (event: RealtimeEvent) => void): () => void;
}

/** Who drove the input: the window, something outside it, or the conversation itself. */
type Origin = 'window' | 'outside' | 'conversation';

/** Whether a conversation is on: connecting, live or reconnecting. */
export const isConversationOn = (state: ConversationState): boolean =>
  state.phase === 'connecting' || state.phase === 'live' || state.phase === 'reconnecting';

/** The app's talk input; see the module comment. */
export class TalkControl {
  readonly input: TalkInput;
  private readonly emitter: TypedEmitter<{ change: TalkView }>;
  private readonly offs: (() => void)[];
  private last: TalkSnapshot;
  private origin: Origin = 'window';
  private background = false;
  private switchingMode = false;
  private conversationOn = false;
  private inputMode: InputMode | null = null;
  private disposed = false;

  constructor(private readonly deps: TalkControlDeps) {
    this.input = new TalkInput({ clock: deps.clock, mode: 'auto', log: deps.log });
    this.emitter = new TypedEmitter((error) =>
      deps.log('error', 'talk.listener_failed', { error: String(error) }),
    );
    this.last = this.input.snapshot;
    this.offs = [
      followTalkTurns(this.input, deps.pipeline),
      this.input.on('change', (snapshot) => this.onChange(snapshot)),
      this.input.on('refused', ({ source }) =>
        deps.log('info', 'talk.refused', { source, reason: 'muted' }),
      ),
      deps.pipeline.on('gate', ({ open }) => {
        if (this.inputMode === 'gated') this.input.voiceActivity(open);
      }),
      deps.onSessionEvent((event) => this.onSessionEvent(event)),
      deps.conversation.on('state', (state) => this.onConversation(state)),
    ];
    this.applyInput();
  }

  /** What the renderer and the tray show. */
  get view(): TalkView {
    const { state, mode, muted, turn } = this.input.snapshot;
    return {
      state,
      mode,
      muted,
      latched: turn?.latched ?? false,
      gated: this.inputMode === 'gated',
    };
  }

  get muted(): boolean {
    return this.input.muted;
  }

  on(event: 'change', listener: (view: TalkView) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** The window's talk button went down or up. */
  button(pressed: boolean): void {
    this.drive('window', () =>
      pressed ? this.input.keyDown('button') : this.input.keyUp('button'),
    );
  }

  /** The global talk key (hook or portal, with releases). */
  keyDown(source: Exclude<KeySource, 'button'>): void {
    this.drive('outside', () => this.input.keyDown(source));
  }

  keyUp(source: Exclude<KeySource, 'button'>): void {
    this.drive('outside', () => this.input.keyUp(source));
  }

  /** The press-only global key (`globalShortcut`). */
  keyPress(source: PressSource): void {
    this.drive('outside', () => this.input.keyPress(source));
  }

  /** Start, stop or toggle talking (listening, hands-free). */
  command(command: TalkCommand, source: CommandSource): void {
    this.drive(source === 'button' ? 'window' : 'outside', () =>
      this.input.command(command, source),
    );
  }

  /** The microphone kill switch. Turning it off while a hands-free conversation is on listens again. */
  setMuted(muted: boolean): void {
    this.input.setMuted(muted);
    if (!muted && this.input.mode === 'hands-free' && this.conversationOn) {
      this.drive('conversation', () => this.input.command('start', 'button'));
    }
  }

  /** Screen lock, suspend or the renderer going away. */
  halt(reason: HaltReason): void {
    this.drive('outside', () => this.input.halt(reason));
  }

  /** Parley lives in the tray (true) or its window is shown: background listening is gated. */
  setBackground(background: boolean): void {
    if (background === this.background) return;
    this.background = background;
    this.applyInput();
    this.emitter.emit('change', this.view);
  }

  /**
   * Switches the talk mode. Returns whether it crossed between hands-free and the key modes,
   * which a live session cannot follow without a restart (its turn detection differs).
   */
  setMode(mode: TalkMode): boolean {
    if (this.disposed || mode === this.input.mode) return false;
    const crossed = (mode === 'hands-free') !== (this.input.mode === 'hands-free');
    this.switchingMode = true;
    try {
      this.input.setMode(mode);
    } finally {
      this.switchingMode = false;
    }
    this.applyInput();
    if (mode === 'hands-free' && this.conversationOn) {
      this.drive('conversation', () => this.input.command('start', 'button'));
    }
    return crossed;
  }

  /** Ends a turn in progress, then drops every listener. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.input.dispose();
    this.disposed = true;
    for (const off of this.offs) off();
    this.emitter.dispose();
  }

  private drive(origin: Origin, run: () => void): void {
    if (this.disposed) return;
    const before = this.origin;
    this.origin = origin;
    try {
      run();
    } finally {
      this.origin = before;
    }
  }

  private onChange(snapshot: TalkSnapshot): void {
    const previous = this.last;
    this.last = snapshot;
    if ((previous.turn !== null) !== (snapshot.turn !== null)) {
      this.deps.delegation.setUserSpeaking(snapshot.turn !== null);
    }
    this.applyInput();
    const started = previous.state === 'idle' && snapshot.state !== 'idle';
    const stopped = previous.state !== 'idle' && snapshot.state === 'idle';
    if (started && this.origin === 'outside' && !this.conversationOn) {
      this.deps.log('info', 'talk.starts_conversation', { mode: snapshot.mode });
      void this.deps.conversation.start();
    } else if (
      stopped &&
      snapshot.mode === 'hands-free' &&
      this.origin !== 'conversation' &&
      !this.switchingMode &&
      this.conversationOn
    ) {
      this.deps.conversation.stop();
    }
    this.emitter.emit('change', this.view);
  }

  private onConversation(state: ConversationState): void {
    const on = isConversationOn(state);
    const was = this.conversationOn;
    this.conversationOn = on;
    if (state.phase === 'connecting' && this.input.snapshot.turn) {
      // A new session starts the pipeline over: the turn the user is in must hold again.
      this.deps.pipeline.onTalkKey('press');
    }
    if (on === was) return;
    this.drive('conversation', () => {
      if (on && this.input.mode === 'hands-free') this.input.command('start', 'button');
      if (!on) this.input.command('stop', 'button');
    });
  }

  private onSessionEvent(event: RealtimeEvent): void {
    if (this.inputMode !== 'stream') return;
    if (event.type === 'speech_started') this.input.voiceActivity(true);
    else if (event.type === 'speech_stopped') this.input.voiceActivity(false);
  }

  /** Input mode and capture from the talk mode, the listening state, mute and the tray. */
  private applyInput(): void {
    const { mode, state, muted } = this.input.snapshot;
    const inputMode: InputMode =
      mode === 'hands-free' ? (this.background ? 'gated' : 'stream') : 'hold';
    if (inputMode !== this.inputMode) {
      this.inputMode = inputMode;
      this.deps.pipeline.setInputMode(inputMode);
    }
    this.deps.pipeline.setCaptureEnabled(!muted && !(mode === 'hands-free' && state === 'idle'));
  }
}
