import type { WebSocket } from 'ws';
import type { AudioHub } from '../core/audio-hub';
import type { Logger } from '../base/logger';

/**
 * Carries binary audio messages over one authenticated WebSocket: capture frames and played
 * reports in, playback chunks and stops out. Text frames are refused (logged, ignored).
 */
export function bridgeAudioSocket(socket: WebSocket, hub: AudioHub, log: Logger): void {
  socket.binaryType = 'arraybuffer';
  const link = hub.attach({
    send: (data) => {
      if (socket.readyState === socket.OPEN) socket.send(data);
    },
  });
  log('info', 'host.audio_attached');
  socket.on('message', (data, isBinary) => {
    if (!isBinary || !(data instanceof ArrayBuffer)) {
      log('warn', 'host.bad_audio_message', { reason: 'expected a binary frame' });
      return;
    }
    link.receive(data);
  });
  socket.on('error', (error) => log('warn', 'host.audio_socket_error', { message: error.message }));
  socket.on('close', () => {
    link.detach();
    log('info', 'host.audio_detached');
  });
}
