import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Protocol, type SettingsView } from '../../../preload/schemas/settings';
import { VOICES } from '../../../preload/schemas/voices';
import { setApiForTesting } from '../../../renderer/src/api';
import { precheckPatch } from '../../../renderer/src/settings-precheck';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.vue';
import { useConnectionCheckStore } from '../../../renderer/src/stores/connection-check';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { createFakeApi, VIEW } from './fake-api';

afterEach(() => setApiForTesting(null));

const FIELDS = [
  'backend',
  'apiKey',
  'realtimeUrl',
  'protocol',
  'model',
  'voice',
  'talkMode',
  'input',
  'output',
  'listenOnStart',
  'historyDays',
  'delegate',
  'codexSandbox',
  'workspace',
  'talkSounds',
  'theme',
];

function mountWithTestingPinia(view: SettingsView = VIEW, state: Record<string, unknown> = {}) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: { settings: { view, ...state } },
  });
  const wrapper = mount(SettingsDialog, {
    props: { view },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  return { wrapper, settings: useSettingsStore(pinia), connection: useConnectionCheckStore(pinia) };
}

describe('SettingsDialog (component, testing pinia)', () => {
  it('has every field of the settings, each with a label', () => {
    const { wrapper } = mountWithTestingPinia();
    for (const field of FIELDS) {
      const box = wrapper.get(`[data-field="${field}"]`);
      expect(box.get('label').text().length, field).toBeGreaterThan(2);
    }
    wrapper.unmount();
  });

  it('offers the protocols the contract lists and the voices of the chosen one', async () => {
    const { wrapper } = mountWithTestingPinia();
    const protocols = wrapper
      .get('[data-testid="setting-protocol"]')
      .findAll('option')
      .map((o) => o.element.value);
    expect(protocols).toEqual([...Protocol.options]);
    const voices = () =>
      wrapper
        .get('[data-testid="setting-voice"]')
        .findAll('option')
        .map((o) => o.element.value);
    expect(voices()).toEqual(['', ...VOICES.v2]);
    await wrapper.get('[data-testid="setting-voice"]').setValue('cedar');
    await wrapper.get('[data-testid="setting-protocol"]').setValue('v1');
    expect(voices()).toEqual(['', ...VOICES.v1]);
    // cedar is not a V1 voice: the choice falls back to the default instead of failing the save.
    expect((wrapper.get('[data-testid="setting-voice"]').element as HTMLSelectElement).value).toBe(
      '',
    );
    wrapper.unmount();
  });

  it('shows fields the environment sets read-only, naming the variable', () => {
    const view = {
      ...VIEW,
      overriddenBy: { realtimeUrl: 'PARLEY_REALTIME_URL', talkMode: 'PARLEY_TALK_MODE' },
    };
    const { wrapper } = mountWithTestingPinia(view);
    expect(wrapper.get('[data-testid="setting-realtimeUrl"]').attributes('readonly')).toBeDefined();
    expect(wrapper.get('[data-field="realtimeUrl"] [data-testid="field-env"]').text()).toContain(
      'PARLEY_REALTIME_URL',
    );
    expect(wrapper.get('[data-testid="setting-talkMode"]').attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-field="talkMode"] [data-testid="field-env"]').text()).toContain(
      'PARLEY_TALK_MODE',
    );
    expect(wrapper.get('[data-testid="setting-model"]').attributes('readonly')).toBeUndefined();
    wrapper.unmount();
  });

  it('shows the key only masked, by its last 4 characters and where it comes from', () => {
    const { wrapper } = mountWithTestingPinia({
      ...VIEW,
      apiKey: { source: 'stored', last4: 'wxyz' },
    });
    expect(wrapper.get('[data-testid="key-current"]').text()).toBe('A key is stored (•••• wxyz).');
    expect((wrapper.get('[data-testid="setting-apiKey"]').element as HTMLInputElement).value).toBe(
      '',
    );
    expect(wrapper.get('[data-testid="setting-apiKey"]').attributes('type')).toBe('password');
    wrapper.unmount();
  });

  it('puts each refusal beside its field, and the field is marked invalid', () => {
    const { wrapper } = mountWithTestingPinia(VIEW, {
      fieldErrors: {
        workspace: 'There is no folder at /nowhere.',
        apiKey: 'That is too short for an API key.',
      },
    });
    expect(wrapper.get('[data-field="workspace"] [data-testid="field-error"]').text()).toBe(
      'There is no folder at /nowhere.',
    );
    expect(wrapper.get('[data-field="apiKey"] [data-testid="field-error"]').text()).toBe(
      'That is too short for an API key.',
    );
    expect(wrapper.get('[data-field="workspace"]').attributes('data-invalid')).toBe('true');
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(2);
    wrapper.unmount();
  });

  it('saves only what changed, the typed key included', async () => {
    const { wrapper, settings } = mountWithTestingPinia();
    await wrapper.get('[data-testid="setting-model"]').setValue('gpt-realtime-mini');
    await wrapper.get('[data-testid="setting-apiKey"]').setValue('  sk-typed-key-0000000000001 ');
    await wrapper.get('[data-testid="setting-delegate"]').setValue('command');
    await wrapper.get('[data-testid="setting-delegateCommand"]').setValue('my-agent --stdin');
    await wrapper.get('form').trigger('submit');
    expect(settings.save).toHaveBeenCalledExactlyOnceWith({
      model: 'gpt-realtime-mini',
      delegate: 'command',
      delegateCommand: 'my-agent --stdin',
      apiKey: 'sk-typed-key-0000000000001',
    });
    wrapper.unmount();
  });

  it('saves how long history is kept; the pre-check refuses a number of days out of range', async () => {
    const { wrapper, settings } = mountWithTestingPinia();
    const days = wrapper.get('[data-testid="setting-historyDays"]');
    expect((days.element as HTMLInputElement).value).toBe('90');
    await days.setValue('30');
    await wrapper.get('form').trigger('submit');
    expect(settings.save).toHaveBeenCalledExactlyOnceWith({ historyDays: 30 });
    expect(precheckPatch({ historyDays: 30 }, VIEW)).toEqual({});
    expect(precheckPatch({ historyDays: 0 }, VIEW).historyDays).toBeTruthy();
    expect(precheckPatch({ historyDays: 3651 }, VIEW).historyDays).toBeTruthy();
    wrapper.unmount();
  });

  it('tests the connection with the form’s values, before saving', async () => {
    const { wrapper, settings, connection } = mountWithTestingPinia();
    await wrapper.get('[data-testid="setting-realtimeUrl"]').setValue('wss://proxy.example/v1');
    await wrapper.get('[data-testid="test-connection"]').trigger('click');
    expect(connection.run).toHaveBeenCalledWith({
      realtimeUrl: 'wss://proxy.example/v1',
      protocol: 'v2',
      model: 'gpt-realtime-1.5',
    });
    expect(settings.save).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});

describe('SettingsDialog with the real store: bad values refused, nothing saved', () => {
  it.each([
    ['setting-realtimeUrl', 'ftp://example.com', 'realtimeUrl', /unsupported scheme "ftp"/],
    ['setting-realtimeUrl', 'not a url', 'realtimeUrl', /not a valid URL/],
    ['setting-model', '   ', 'model', /Enter a model name/],
    ['setting-apiKey', 'Bearer sk-0000000000000000000', 'apiKey', /Bearer/],
  ])(
    '%s = %j is refused beside its field before anything is sent',
    async (input, value, field, reason) => {
      const pinia = createPinia();
      setActivePinia(pinia);
      const fake = createFakeApi();
      setApiForTesting(fake.api);
      const settings = useSettingsStore();
      settings.view = VIEW;
      const wrapper = mount(SettingsDialog, {
        props: { view: VIEW },
        global: { plugins: [pinia] },
        attachTo: document.body,
      });
      await wrapper.get('[data-testid="setting-talkMode"]').setValue('hold');
      await wrapper.get(`[data-testid="${input}"]`).setValue(value);
      await wrapper.get('form').trigger('submit');
      await flushPromises();
      expect(wrapper.get(`[data-field="${field}"] [data-testid="field-error"]`).text()).toMatch(
        reason,
      );
      expect(fake.channels()).not.toContain('settings.update');
      wrapper.unmount();
    },
  );

  it('shows main’s refusal of a field it alone can judge (the workspace folder)', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const fake = createFakeApi();
    fake.reply('settings.update', () => ({
      ok: false,
      error: {
        kind: 'invalid_settings',
        message: 'There is no folder at /nowhere.',
        field: 'workspace',
      },
    }));
    setApiForTesting(fake.api);
    useSettingsStore().view = VIEW;
    const wrapper = mount(SettingsDialog, {
      props: { view: VIEW },
      global: { plugins: [pinia] },
      attachTo: document.body,
    });
    await wrapper.get('[data-testid="setting-workspace"]').setValue('/nowhere');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.at(-1)).toEqual({
      channel: 'settings.update',
      payload: { workspace: '/nowhere' },
    });
    expect(wrapper.get('[data-field="workspace"] [data-testid="field-error"]').text()).toBe(
      'There is no folder at /nowhere.',
    );
    expect(document.activeElement?.id).toBe('setting-workspace');
    wrapper.unmount();
  });
});
