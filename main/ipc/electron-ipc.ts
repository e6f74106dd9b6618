import { ipcMain, type WebContents } from 'electron';
import { EVENT_CHANNEL, IPC_PREFIX, listInvokes, type EventName } from '../../preload/contract';
import { events as eventSchemas } from '../../preload/contract';
import type { ParleyCore } from '../core/parley-core';
import type { Logger } from '../base/logger';
import { createDispatcher } from './dispatch';
import { connectAudioPort } from './electron-audio-port';
import { EventOutbox } from './event-outbox';
import { isTrustedSender, type TrustedPage } from './sender-check';

/**
 * Registers every invoke of the contract on `ipcMain`, with the sender check first and the
 * schema check next, and forwards core events to the window once its renderer is ready.
 */
export function registerElectronIpc(
  core: ParleyCore,
  page: () => TrustedPage & { webContents: WebContents | null },
  log: Logger,
): { outbox: EventOutbox; dispose: () => void } {
  const dispatch = createDispatcher(core.handlers, (line) =>
    log('warn', 'ipc.rejected', { message: line }),
  );
  const outbox = new EventOutbox((event, payload) => {
    const contents = page().webContents;
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
  });
  const channels = listInvokes().map((spec) => spec.channel);
  let closeAudio: (() => void) | null = null;
  for (const channel of channels) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        {
          webContentsId: event.sender.id,
          frameUrl: frame ? frame.url : null,
          isMainFrame: frame !== null && frame.parent === null,
        },
        page(),
      );
      if (!trusted) {
        log('warn', 'ipc.forbidden_sender', { channel, url: frame?.url ?? null });
        return { ok: false, error: { kind: 'forbidden_sender', message: 'Not Parley’s window.' } };
      }
      const result = await dispatch(channel, payload);
      if (channel === 'app.ready' && result.ok) {
        outbox.markReady();
        closeAudio?.();
        closeAudio = connectAudioPort(event.sender, core.audioHub);
      }
      return result;
    });
  }
  const subscriptions = (Object.keys(eventSchemas) as EventName[]).map((name) =>
    core.events.on(name, (payload) => outbox.push(name, payload as never)),
  );
  return {
    outbox,
    dispose: () => {
      for (const channel of channels) ipcMain.removeHandler(IPC_PREFIX + channel);
      for (const off of subscriptions) off();
      closeAudio?.();
    },
  };
}
