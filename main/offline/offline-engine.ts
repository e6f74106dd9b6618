import type { OfflineCommandInfo } from '../../preload/schemas/offline';
import { floatToInt16, PCM16_RATE } from '../audio/pcm16';
import { resample } from '../audio/resampler';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { TypedEmitter } from '../base/typed-emitter';
import { CommandBook } from './command-book';
import type { Recognition } from './grammar-recognizer';
import { delegatedRequests, describeCommand, type DelegatedRequest } from './offline-commands';
import { OfflineConversation } from './offline-conversation';
import { createOfflineModels, loadDictionaryLexicon, type OfflineModels } from './offline-models';
import { startLoopbackServer } from './offline-server';
import type { ReplyPacing } from './reply-stream';
import type { VadStream } from './silero-vad';
import type { WatchFolder } from './workspace-watcher';

/** Options of {@link startOfflineEngine}. */
export interface OfflineEngineOptions {
  /** The folder whose npm scripts, Makefile targets and files become commands. */
  workspace: string;
  clock: Clock;
  log: Logger;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Models to use; default: loaded lazily on first use, once. */
  models?: OfflineModels;
  /** Folder watching; default `fs.watch`. */
  watch?: WatchFolder;
  pacing?: ReplyPacing;
}

export type OfflineEngineEvents = {
  /** The workspace changed and so did the command list. */
  commands: OfflineCommandInfo[];
};

/** A running offline engine. */
export interface OfflineEngine {
  /** Base URL for a V2 realtime session, e.g. `ws://127.0.0.1:40123/v1`. */
  readonly url: string;
  /** The commands understood now, built-ins first. */
  commands(): OfflineCommandInfo[];
  /** The requests those commands hand to the agent, each with its local answer. */
  delegatedRequests(): DelegatedRequest[];
  on<K extends keyof OfflineEngineEvents>(
    event: K,
    listener: (payload: OfflineEngineEvents[K]) => void,
  ): () => void;
  /** Loads every model now instead of on first use (e.g. while onboarding is shown). */
  warmUp(): Promise<void>;
  /** Stops listening, ends every conversation, releases the models. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the offline engine: a loopback server speaking the V2 realtime protocol, with Silero
 * VAD, grammar-constrained recognition of the workspace's commands and a flite voice. Only the
 * dictionary is read at start; the models load on the first conversation (or `warmUp()`).
 */
export async function startOfflineEngine(options: OfflineEngineOptions): Promise<OfflineEngine> {
  const { clock, log } = options;
  const models = options.models ?? createOfflineModels(log);
  const book = await CommandBook.open({
    workspace: options.workspace,
    lexicon: await loadDictionaryLexicon(),
    clock,
    log,
    watch: options.watch,
  });
  const emitter = new TypedEmitter<OfflineEngineEvents>();
  book.on('changed', (set) => emitter.emit('commands', set.commands.map(describeCommand)));

  let grammarVersion = -1;
  const recognize = async (samples: Float32Array): Promise<Recognition> => {
    const recognizer = await models.recognizer();
    if (grammarVersion !== book.version) {
      recognizer.setCommands(book.current.commands);
      grammarVersion = book.version;
    }
    return recognizer.recognize(samples);
  };
  const speak = async (text: string): Promise<Int16Array> => {
    const speech = (await models.voice()).synthesize(text);
    return floatToInt16(resample(speech.samples, speech.sampleRate, PCM16_RATE));
  };

  const server = await startLoopbackServer(options.port ?? 0, log, (send) => {
    let stream: Promise<VadStream> | null = null;
    return new OfflineConversation({
      clock,
      log,
      send,
      vadStream: () => (stream ??= models.vad().then((vad) => vad.createStream())),
      recognize,
      commands: () => book.current.commands,
      speak,
      pacing: options.pacing,
    });
  });
  log('info', 'offline.started', { url: server.url, commands: book.current.commands.length });

  let closing: Promise<void> | null = null;
  return {
    url: server.url,
    commands: () => book.current.commands.map(describeCommand),
    delegatedRequests: () => delegatedRequests(book.current.commands),
    on: (event, listener) => emitter.on(event, listener),
    warmUp: async () => {
      await Promise.all([models.vad(), models.recognizer(), models.voice()]);
    },
    close: () => {
      closing ??= (async () => {
        book.dispose();
        emitter.dispose();
        await server.close();
        await models.dispose();
      })();
      return closing;
    },
  };
}
