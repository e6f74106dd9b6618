import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import AudioControls from '../../../renderer/src/components/AudioControls.vue';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.vue';
import { useAudioStore } from '../../../renderer/src/stores/audio';
import { levelFromRms } from '../../../renderer/src/stores/audio-state';
import { setApiForTesting } from '../../../renderer/src/api';
import { createFakeApi, VIEW } from './fake-api';
import { createFakeEngine, createFakeLink } from './fake-audio-engine';

const devices = {
  inputs: [
    { id: 'mic-1', label: 'USB mic' },
    { id: 'mic-2', label: 'Headset' },
  ],
  outputs: [{ id: 'spk-1', label: 'Speakers' }],
};

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  localStorage.clear();
  setApiForTesting(createFakeApi().api);
});

interface AttachOptions {
  canSelectOutput?: boolean;
  captureWhen?: () => boolean;
  mutedWhen?: () => boolean;
}

function attached(options: AttachOptions = {}) {
  const fake = createFakeEngine({ devices, canSelectOutput: options.canSelectOutput ?? true });
  const link = createFakeLink();
  const store = useAudioStore();
  let engineSend: ((data: ArrayBuffer) => void) | null = null;
  store.attach(link.link, {
    createEngine: (send) => {
      engineSend = send;
      return fake.engine;
    },
    ...(options.captureWhen ? { captureWhen: options.captureWhen } : {}),
    ...(options.mutedWhen ? { mutedWhen: options.mutedWhen } : {}),
  });
  return { fake, link, store, engineSend: (data: ArrayBuffer) => engineSend?.(data) };
}

describe('audio store', () => {
  it('wires the link both ways and lists devices', async () => {
    const { fake, link, store, engineSend } = attached();
    await flushPromises();
    expect(store.attached).toBe(true);
    expect(store.inputs.map((d) => d.id)).toEqual(['mic-1', 'mic-2']);
    const fromMain = new ArrayBuffer(8);
    link.deliver(fromMain);
    expect(fake.received).toEqual([fromMain]);
    const toMain = new ArrayBuffer(4);
    engineSend(toMain);
    expect(link.sent).toEqual([toMain]);
  });

  it('starts capture on the selected input and reports a failure as an error', async () => {
    const { fake, store } = attached();
    await store.selectInput('mic-2');
    await store.startCapture();
    expect(fake.calls).toContain('start:mic-2');
    expect(store.capturing).toBe(true);
    store.stopCapture();
    expect(store.capturing).toBe(false);
    fake.failNextCapture(new Error('Microphone permission was denied.'));
    await store.startCapture();
    expect(store.error).toBe('Microphone permission was denied.');
    expect(store.capturing).toBe(false);
  });

  it('follows captureWhen', async () => {
    const active = ref(false);
    const { fake } = attached({ captureWhen: () => active.value });
    await flushPromises();
    expect(fake.calls.filter((c) => c.startsWith('start'))).toEqual([]);
    active.value = true;
    await nextTick();
    await flushPromises();
    expect(fake.calls).toContain('start:default');
    active.value = false;
    await nextTick();
    expect(fake.calls.at(-1)).toBe('stop');
  });

  it('while mutedWhen holds, frames stop at the engine and capture stops; both resume after', async () => {
    const muted = ref(true);
    const { fake, store } = attached({ captureWhen: () => true, mutedWhen: () => muted.value });
    await flushPromises();
    expect(fake.calls).toContain('muted:true');
    expect(fake.calls.filter((c) => c.startsWith('start'))).toEqual([]);
    expect(store.capturing).toBe(false);
    muted.value = false;
    await nextTick();
    await flushPromises();
    expect(fake.calls.slice(-2)).toEqual(['muted:false', 'start:default']);
    expect(store.capturing).toBe(true);
    muted.value = true;
    await nextTick();
    expect(fake.calls.slice(-2)).toEqual(['muted:true', 'stop']);
    expect(store.capturing).toBe(false);
    expect(store.level).toBe(0);
  });

  it('mutes through the engine and maps the level to a meter position', () => {
    const { fake, store } = attached();
    store.setMuted(true);
    expect(store.muted).toBe(true);
    expect(fake.calls).toContain('muted:true');
    fake.emit('level', 0.1); // −20 dBFS
    expect(store.level).toBeCloseTo(2 / 3, 5);
    expect(levelFromRms(0)).toBe(0);
    expect(levelFromRms(0.0001)).toBe(0);
    expect(levelFromRms(1)).toBe(1);
  });

  it('remembers the device choice across attaches', async () => {
    const first = attached();
    await first.store.selectInput('mic-1');
    await first.store.selectOutput('spk-1');
    first.store.detach();
    const second = attached();
    await flushPromises();
    expect(second.store.selectedInput).toBe('mic-1');
    expect(second.fake.calls).toContain('output:spk-1');
  });

  it('falls back to the default speaker when the chosen one is unplugged', async () => {
    const { fake, store } = attached();
    await store.selectOutput('spk-1');
    fake.emit('devices', { inputs: devices.inputs, outputs: [] });
    expect(store.selectedOutput).toBe('');
    expect(fake.calls.at(-1)).toBe('output:default');
  });

  it('detach disposes the engine and leaves nothing subscribed; re-attach replaces', async () => {
    const { fake, link, store } = attached({ captureWhen: () => true });
    await flushPromises();
    store.detach();
    expect(fake.isDisposed()).toBe(true);
    expect(fake.listenerCount()).toBe(0);
    expect(link.listenerCount()).toBe(0);
    expect(store.attached).toBe(false);
    store.detach(); // safe twice
  });
});

describe('AudioControls', () => {
  it('labels the meter, draws the level and shows an error', async () => {
    const { fake } = attached();
    await flushPromises();
    const wrapper = mount(AudioControls, { global: { plugins: [pinia] } });
    const meter = wrapper.get('[data-testid="audio-level"]');
    expect(wrapper.get(`#${meter.attributes('aria-labelledby')}`).text()).toBe('Mic');
    expect(meter.attributes('aria-valuetext')).toBe('microphone off');
    fake.emit('capturing', true);
    fake.emit('level', 1);
    await nextTick();
    expect(meter.attributes('aria-valuenow')).toBe('100');
    fake.emit('error', 'The microphone was disconnected; switching to the default input.');
    await nextTick();
    expect(wrapper.get('[data-testid="audio-error"]').text()).toContain('disconnected');
  });

  it('offers the devices in Settings, applying a choice at once', async () => {
    const { fake, store } = attached();
    await flushPromises();
    const wrapper = mount(SettingsDialog, { props: { view: VIEW }, global: { plugins: [pinia] } });
    const input = wrapper.get('[data-testid="audio-input"]');
    expect(input.findAll('option').map((o) => o.text())).toEqual([
      'Default microphone',
      'USB mic',
      'Headset',
    ]);
    await input.setValue('mic-2');
    expect(store.selectedInput).toBe('mic-2');
    expect(fake.calls).toContain('input:mic-2');
    await wrapper.get('[data-testid="audio-output"]').setValue('spk-1');
    expect(store.selectedOutput).toBe('spk-1');
    wrapper.unmount();
  });

  it('says when the speaker cannot be chosen here', async () => {
    attached({ canSelectOutput: false });
    await flushPromises();
    const wrapper = mount(SettingsDialog, { props: { view: VIEW }, global: { plugins: [pinia] } });
    expect(wrapper.get('[data-testid="audio-output"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-field="output"]').text()).toContain(
      'plays through the system default',
    );
    wrapper.unmount();
  });

  it('a lost input shows the default again', async () => {
    const { fake, store } = attached();
    await store.selectInput('mic-2');
    fake.emit('inputLost', undefined);
    expect(store.selectedInput).toBe('');
  });
});
