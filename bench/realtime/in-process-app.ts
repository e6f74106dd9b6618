import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAudioMessage } from '../../preload/audio-wire';
import { createProductionDeps } from '../../main/app/boot';
import { createParleyApp } from '../../main/app/create-parley-app';
import type { ParleyApp } from '../../main/app/parley-app';
import type { RealtimeTransport } from '../../main/realtime/transport';
import { systemClock } from '../../main/base/clock';
import { parseEnvConfig } from '../../main/config/env-config';
import { WsTransport } from '../../main/realtime/ws-transport';
import { FileSecretStore } from '../../main/store/file-secret-store';

/** Parley's whole app in this process, on a fresh data dir, linked to a page stand-in. */
export interface InProcessApp {
  app: ParleyApp;
  /** Sends one capture frame up the renderer link, as the page's worklet does. */
  capture(pcm: Int16Array): void;
  /** Tells the app what the page played of an item, as the page's player does. */
  played(itemId: string, playedSamples: number): void;
  dispose(): Promise<void>;
}

/** Options of {@link startInProcessApp}. */
export interface InProcessAppOptions {
  /** Every message the app sends the page (play, item_end, stop, …), encoded. */
  onPageMessage(data: Uint8Array | ArrayBuffer): void;
  /** Sees the transport before the app subscribes to it (to time or count its frames). */
  watchTransport?(transport: RealtimeTransport): void;
}

/**
 * The app with its production effects — `ws` to `url`, settings and history on a temp dir, the
 * command delegate running `cat` — started and in conversation (hands-free).
 */
export async function startInProcessApp(
  url: string,
  options: InProcessAppOptions,
): Promise<InProcessApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-app-'));
  const env = {
    OPENAI_API_KEY: 'sk-bench-not-a-real-key',
    PARLEY_REALTIME_URL: url,
    PARLEY_TALK_MODE: 'hands-free',
    PARLEY_DELEGATE: 'command',
    PARLEY_DELEGATE_COMMAND: 'cat',
    PARLEY_WORKSPACE: dataDir,
  };
  const deps = createProductionDeps({
    host: 'browser',
    version: '0.0.0-bench',
    env: parseEnvConfig(env),
    log: () => {},
    dataDir,
    knownKeys: new Set([env.OPENAI_API_KEY]),
    secretStore: new FileSecretStore(dataDir),
    environment: { PATH: process.env.PATH ?? '', HOME: dataDir },
  });
  deps.createTransport = (endpoint) => {
    const transport = new WsTransport({
      url: endpoint.url,
      headers: endpoint.headers,
      clock: systemClock,
    });
    options.watchTransport?.(transport);
    return transport;
  };
  deps.readStartupContext = async () => '';
  const app = createParleyApp(deps);
  const started = await app.start();
  if (!started.ok) throw new Error(started.error.message);
  const link = app.attachAudio({ send: options.onPageMessage });
  const result = await app.handlers['conversation.start'](undefined);
  if (!result.ok) throw new Error(`conversation.start: ${result.error.message}`);
  return {
    app,
    capture: (pcm) => link.receive(encodeAudioMessage({ kind: 'capture', pcm })),
    played: (itemId, playedSamples) =>
      link.receive(encodeAudioMessage({ kind: 'played', itemId, playedSamples })),
    dispose: async () => {
      await app.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
