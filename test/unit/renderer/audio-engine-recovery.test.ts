import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { encodeAudioMessage } from '../../../preload/audio-wire';
import { setup } from './fake-audio-environment';

const play = (itemId: string): ArrayBuffer =>
  encodeAudioMessage({ kind: 'play', itemId, pcm: new Int16Array(4) });

describe('audio engine after a failed AudioContext', () => {
  it('play chunks do not rebuild it; the error is reported once; resume tries again', async () => {
    const t = setup({ failModules: 2 }); // both worklet loads of the first build fail
    const errors: string[] = [];
    t.engine.on('error', (e) => errors.push(e));
    for (let i = 0; i < 5; i++) {
      t.engine.receive(play('a'));
      await flushPromises();
    }
    expect(t.contexts).toHaveLength(1);
    expect(t.contexts[0]?.closed).toBe(true);
    expect(errors).toEqual(['Audio could not start: module failed to load']);
    await t.engine.resume(); // a user gesture asks again
    expect(t.contexts).toHaveLength(2);
    const posted = t.node('parley-player')?.port.posted ?? [];
    expect(posted.map((p) => (p.data as { type: string }).type)).toEqual(Array(5).fill('chunk'));
    t.engine.receive(play('a'));
    expect(t.contexts).toHaveLength(2);
  });

  it('a capture start after a failure tries again', async () => {
    const t = setup({ failModules: 1 });
    t.engine.receive(play('a'));
    await flushPromises();
    t.engine.receive(play('a'));
    await flushPromises();
    expect(t.contexts).toHaveLength(1);
    await t.engine.startCapture();
    expect(t.contexts).toHaveLength(2);
    expect(t.engine.capturing).toBe(true);
  });
});

describe('audio engine after a lost microphone', () => {
  it('tells the store the chosen input is gone and restarts on the default', async () => {
    const t = setup({ devices: ['mic-1'] });
    const events: string[] = [];
    t.engine.on('inputLost', () => events.push('inputLost'));
    t.engine.on('capturing', (on) => events.push(`capturing:${on}`));
    await t.engine.startCapture('mic-1');
    t.unplug('mic-1');
    t.tracks[0]?.dispatchEvent(new Event('ended'));
    await flushPromises();
    expect(events).toEqual(['capturing:true', 'capturing:false', 'inputLost', 'capturing:true']);
    expect(t.tracks.map((tr) => tr.deviceId)).toEqual(['mic-1', 'default-mic']);
  });

  it('a loss during a device switch does not undo the switch', async () => {
    const t = setup({ devices: ['mic-1', 'mic-2'] });
    await t.engine.startCapture('mic-1');
    const switched = t.engine.setInputDevice('mic-2');
    t.tracks[0]?.dispatchEvent(new Event('ended')); // the old track ends as the switch begins
    await switched;
    await flushPromises();
    expect(t.tracks.map((tr) => [tr.deviceId, tr.stopped])).toEqual([
      ['mic-1', true],
      ['mic-2', false],
    ]);
    expect(t.engine.capturing).toBe(true);
  });
});
