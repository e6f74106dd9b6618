import { describe, expect, it } from 'vitest';
import { AUDIO_PORT_MESSAGE } from '../../../preload/audio-port';

describe('Electron audio link', () => {
  it('catches the port even when it arrives before the app asks, and accepts Uint8Array data', async () => {
    // As under the Electron preload: window.parley exists before the renderer code loads.
    (window as unknown as { parley: object }).parley = {};
    const { electronAudioLink } = await import('../../../renderer/src/electron-audio-port');
    const channel = new MessageChannel();
    window.dispatchEvent(
      new MessageEvent('message', {
        data: AUDIO_PORT_MESSAGE,
        source: window,
        ports: [channel.port2],
      }),
    );
    // Only now does the app ask for the link (after its other start-up work).
    const link = await electronAudioLink();
    const received: number[][] = [];
    link.on('message', (data) => received.push([...new Uint8Array(data)]));
    channel.port1.postMessage(new Uint8Array([7, 8, 9]));
    await expect.poll(() => received).toEqual([[7, 8, 9]]);
    const sent: unknown[] = [];
    channel.port1.onmessage = (event) => sent.push(event.data);
    link.send(new Uint8Array([1, 2]).buffer);
    await expect.poll(() => sent.length).toBe(1);
    expect([...new Uint8Array(sent[0] as ArrayBuffer)]).toEqual([1, 2]);
  });
});
