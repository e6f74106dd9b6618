import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeAudioMessage } from '../../../preload/audio-wire';
import { setup } from './fake-audio-environment';

const frame = (): ArrayBuffer => new Int16Array(480).fill(1000).buffer;

describe('audio engine capture', () => {
  it('opens the microphone with the processing constraints and sends frames', async () => {
    const t = setup();
    await t.engine.startCapture('mic-1');
    expect(t.constraints[0]).toEqual({
      audio: {
        deviceId: { exact: 'mic-1' },
        echoCancellation: true,
        noiseSuppression: true,
        autoGainControl: true,
        channelCount: 1,
      },
      video: false,
    });
    expect(t.contexts[0]?.options.sampleRate).toBe(24000);
    const capture = t.node('parley-capture');
    expect(capture?.options).toMatchObject({ numberOfOutputs: 0 });
    const levels: number[] = [];
    t.engine.on('level', (rms) => levels.push(rms));
    capture?.port.fromWorklet({ type: 'frame', pcm: frame(), rms: 0.03 });
    expect(t.sent).toEqual([{ kind: 'capture', pcm: new Int16Array(480).fill(1000) }]);
    expect(levels).toEqual([0.03]);
  });

  it('resumes a context the browser kept suspended once the microphone is open (no click)', async () => {
    const t = setup({ suspended: true });
    await t.engine.startCapture();
    expect(t.calls).toEqual(['resume:suspended', 'getUserMedia', 'resume:suspended']);
    expect(t.engine.diagnostics?.().context?.state).toBe('running');
  });

  it('mute stops sending but keeps the track and the level', async () => {
    const t = setup();
    await t.engine.startCapture();
    t.engine.setMuted(true);
    const levels: number[] = [];
    t.engine.on('level', (rms) => levels.push(rms));
    t.node('parley-capture')?.port.fromWorklet({ type: 'frame', pcm: frame(), rms: 0.5 });
    expect(t.sent).toEqual([]);
    expect(levels).toEqual([0.5]);
    expect(t.tracks[0]?.stopped).toBe(false);
  });

  it('falls back to the default context rate and the default microphone', async () => {
    const t = setup({ rejectRate: true });
    const errors: string[] = [];
    t.engine.on('error', (e) => errors.push(e));
    await t.engine.startCapture('unplugged-mic');
    expect(t.contexts[0]?.options.sampleRate).toBeUndefined();
    expect(t.constraints.map((c) => (c.audio as MediaTrackConstraints).deviceId)).toEqual([
      { exact: 'unplugged-mic' },
      undefined,
    ]);
    expect(errors[0]).toContain('not available');
    expect(t.engine.capturing).toBe(true);
  });

  it('a lost device restarts capture on the default one', async () => {
    const t = setup();
    await t.engine.startCapture('mic-1');
    t.tracks[0]?.dispatchEvent(new Event('ended'));
    await flushPromises();
    expect(t.tracks[0]?.stopped).toBe(true);
    expect(t.tracks).toHaveLength(2);
    expect(t.engine.capturing).toBe(true);
  });

  it('stop releases the microphone; a quick stop/start leaves exactly one open', async () => {
    const t = setup();
    const started = t.engine.startCapture();
    t.engine.stopCapture();
    const restarted = t.engine.startCapture();
    await Promise.all([started, restarted]);
    await flushPromises();
    expect(t.tracks.filter((tr) => !tr.stopped)).toHaveLength(1);
    t.engine.stopCapture();
    await flushPromises();
    expect(t.tracks.every((tr) => tr.stopped)).toBe(true);
    expect(t.engine.capturing).toBe(false);
  });

  it('a stop while the microphone is opening leaves nothing open', async () => {
    const t = setup();
    const started = t.engine.startCapture();
    t.engine.stopCapture();
    await started;
    await flushPromises();
    expect(t.tracks).toHaveLength(1);
    expect(t.tracks[0]?.stopped).toBe(true);
    expect(t.engine.capturing).toBe(false);
  });

  it('dispose while the microphone is opening releases it', async () => {
    const t = setup();
    const grant = t.holdMicrophone();
    const started = t.engine.startCapture();
    await flushPromises();
    expect(t.constraints).toHaveLength(1); // getUserMedia is waiting
    await t.engine.dispose();
    grant();
    await started;
    await flushPromises();
    expect(t.tracks).toHaveLength(1);
    expect(t.tracks[0]?.stopped).toBe(true);
  });

  it('reports permission refusal as a sentence', async () => {
    const t = setup();
    t.env.mediaDevices = {
      getUserMedia: async () => {
        throw Object.assign(new Error('denied'), { name: 'NotAllowedError' });
      },
    } as unknown as MediaDevices;
    await expect(t.engine.startCapture()).rejects.toThrow('Microphone permission was denied.');
  });
});

describe('audio engine playback', () => {
  it('queues chunks until the player is ready, then posts them in order with transfer', async () => {
    const t = setup();
    const pcm = new Int16Array([1, 2, 3]);
    t.engine.receive(encodeAudioMessage({ kind: 'play', itemId: 'a', pcm }));
    t.engine.receive(encodeAudioMessage({ kind: 'item_end', itemId: 'a' }));
    await flushPromises();
    const player = t.node('parley-player');
    expect(player?.connectedTo).toEqual([{ destination: true }]);
    const posted = player?.port.posted ?? [];
    expect(posted.map((p) => (p.data as { type: string }).type)).toEqual(['chunk', 'end']);
    const chunk = posted[0] as { data: { samples: Int16Array }; transfer: Transferable[] };
    expect([...chunk.data.samples]).toEqual([1, 2, 3]);
    expect(chunk.transfer).toEqual([chunk.data.samples.buffer]);
  });

  it('a stop before the player is ready drops what was queued', async () => {
    const t = setup();
    t.engine.receive(encodeAudioMessage({ kind: 'play', itemId: 'a', pcm: new Int16Array(4) }));
    t.engine.receive(encodeAudioMessage({ kind: 'stop' }));
    await flushPromises();
    expect(t.node('parley-player')?.port.posted).toEqual([]);
  });

  it('forwards played and underrun reports to main; ignores junk', async () => {
    const t = setup();
    t.engine.receive(encodeAudioMessage({ kind: 'play', itemId: 'a', pcm: new Int16Array(4) }));
    await flushPromises();
    const port = t.node('parley-player')?.port;
    port?.fromWorklet({ type: 'played', itemId: 'a', playedSamples: 1200 });
    port?.fromWorklet({ type: 'underrun', count: 2 });
    port?.fromWorklet({ type: 'ended', itemId: 'a' });
    port?.fromWorklet('garbage');
    expect(t.sent).toEqual([
      { kind: 'played', itemId: 'a', playedSamples: 1200 },
      { kind: 'underrun', count: 2 },
    ]);
  });

  it('ignores malformed and wrong-direction messages from main', async () => {
    const t = setup();
    t.engine.receive(new ArrayBuffer(3));
    t.engine.receive(encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(480) }));
    await flushPromises();
    expect(t.nodes).toEqual([]);
  });

  it('chooses the output device and lists devices on hot-plug', async () => {
    const t = setup();
    await t.engine.setOutputDevice('spk-2');
    t.engine.receive(encodeAudioMessage({ kind: 'stop' }));
    await t.engine.resume();
    expect(t.contexts[0]?.sinks).toEqual(['spk-2']);
    const lists: string[][] = [];
    t.engine.on('devices', (d) => lists.push(d.inputs.map((i) => i.id)));
    t.plug('mic-9');
    t.fireDeviceChange();
    await flushPromises();
    expect(lists).toEqual([['mic-1', 'mic-9']]);
    expect((await t.engine.listDevices()).inputs[1]).toEqual({
      id: 'mic-9',
      label: 'Microphone 2',
    });
  });

  it('dispose closes the context, stops the microphone and is idempotent', async () => {
    const t = setup();
    await t.engine.startCapture();
    await t.engine.dispose();
    await t.engine.dispose();
    expect(t.contexts[0]?.closed).toBe(true);
    expect(t.tracks[0]?.stopped).toBe(true);
  });
});
