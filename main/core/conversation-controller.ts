import type { ConversationState } from '../../preload/contract';
import type { Clock } from './clock';
import type { Logger } from './log';
import type { SettingsService } from './settings-service';
import { TypedEmitter } from './typed-emitter';

export interface ConversationDeps {
  settings: SettingsService;
  clock: Clock;
  log: Logger;
}

/**
 * Owns the conversation's lifecycle as the UI sees it: start, stop and the state shown in the
 * status bar. Every start first checks what would make a connection fail (preflight).
 */
export class ConversationController {
  private current: ConversationState = {
    phase: 'idle',
    activity: 'none',
    error: null,
    reconnect: null,
    protocol: 'v2',
  };
  private readonly emitter = new TypedEmitter<{ state: ConversationState }>();

  constructor(private readonly deps: ConversationDeps) {}

  get state(): ConversationState {
    return this.current;
  }

  onState(listener: (state: ConversationState) => void): () => void {
    return this.emitter.on('state', listener);
  }

  async start(): Promise<void> {
    const settings = this.deps.settings.values;
    this.update({
      phase: 'connecting',
      activity: 'none',
      error: null,
      protocol: settings.protocol,
    });
    const { key } = await this.deps.settings.apiKey();
    if (!key) {
      this.fail('No API key: set OPENAI_API_KEY or enter a key in Settings.');
      return;
    }
    this.fail('The realtime engine is not available in this build.');
  }

  async stop(): Promise<void> {
    if (this.current.phase === 'idle' || this.current.phase === 'closed') return;
    this.update({ phase: 'closed', activity: 'none', reconnect: null });
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.emitter.dispose();
  }

  private fail(message: string): void {
    this.deps.log('error', 'conversation.failed', { message });
    this.update({ phase: 'idle', activity: 'none', error: message, reconnect: null });
  }

  private update(patch: Partial<ConversationState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.log('info', 'conversation.state', {
      phase: this.current.phase,
      activity: this.current.activity,
    });
    this.emitter.emit('state', this.current);
  }
}
