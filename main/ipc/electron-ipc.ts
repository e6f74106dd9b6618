import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL, IPC_PREFIX, listInvokes } from '../../preload/contract';
import type { Logger } from '../base/logger';
import type { ParleyApp } from '../app/parley-app';
import { openAudioPort } from './electron-audio-port';
import { connectRenderer, type RendererConnection } from './renderer-connection';
import { isTrustedSender, type TrustedPage } from './sender-check';

/**
 * Registers every invoke of the contract on `ipcMain`: the sender check first, then the
 * window's renderer connection (which checks the schema). Each page load of the window gets a
 * fresh connection via {@link ElectronIpc.pageLoading}.
 */
export interface ElectronIpc {
  /** The window started loading a page (first load or reload): its renderer starts over. */
  pageLoading(contents: WebContents): void;
  dispose(): void;
}

export function registerElectronIpc(
  app: ParleyApp,
  page: () => TrustedPage,
  log: Logger,
): ElectronIpc {
  let connection: RendererConnection | null = null;
  const connect = (contents: WebContents): RendererConnection =>
    connectRenderer(
      app,
      {
        sendEvent: (event) => {
          if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
        },
        openAudio: (receive) => openAudioPort(contents, receive),
      },
      log,
    );
  const channels = listInvokes().map((spec) => spec.channel);
  for (const channel of channels) {
    ipcMain.handle(IPC_PREFIX + channel, (event, payload: unknown) => {
      if (!trusted(event, page())) {
        log('warn', 'ipc.forbidden_sender', { channel, url: event.senderFrame?.url ?? null });
        return { ok: false, error: { kind: 'forbidden_sender', message: 'Not Parley’s window.' } };
      }
      connection ??= connect(event.sender);
      return connection.invoke(channel, payload);
    });
  }
  return {
    pageLoading: (contents) => {
      connection?.detach();
      connection = connect(contents);
    },
    dispose: () => {
      for (const channel of channels) ipcMain.removeHandler(IPC_PREFIX + channel);
      connection?.detach();
      connection = null;
    },
  };
}

function trusted(event: IpcMainInvokeEvent, page: TrustedPage): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(
    {
      webContentsId: event.sender.id,
      frameUrl: frame ? frame.url : null,
      isMainFrame: frame !== null && frame.parent === null,
    },
    page,
  );
}
