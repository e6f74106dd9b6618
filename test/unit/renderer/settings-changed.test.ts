import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../preload/contract';
import type { SettingsView } from '../../../preload/schemas/settings';
import { setApiForTesting } from '../../../renderer/src/api';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.vue';
import { draftFrom, rebaseDraft } from '../../../renderer/src/settings-draft';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { createFakeApi, VIEW } from './fake-api';

afterEach(() => {
  setApiForTesting(null);
  document.body.innerHTML = '';
});

const changed = (values: Partial<SettingsView['values']>): SettingsView => ({
  ...VIEW,
  values: { ...VIEW.values, ...values },
});
const info = (host: AppInfo['host']): AppInfo => ({
  name: 'Parley',
  version: '1',
  host,
  platform: 'linux',
  restartCommand: null,
});

/** The app's dialog as App.vue shows it: its view is the store's, so events reach it. */
function mountApp(host: AppInfo['host'] = 'electron') {
  const fake = createFakeApi();
  fake.reply('settings.update', () => ({ ok: true, value: VIEW }));
  setApiForTesting(fake.api);
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { ui: { info: info(host), settingsOpen: true } },
  });
  const settings = useSettingsStore(pinia);
  const wrapper = mount(
    {
      components: { SettingsDialog },
      setup: () => ({ settings }),
      template: '<SettingsDialog v-if="settings.view" :view="settings.view" />',
    },
    { global: { plugins: [pinia] }, attachTo: document.body },
  );
  return { wrapper, fake, settings };
}

describe('the settings store follows settings.changed', () => {
  it('subscribes once, however often it loads, and takes each change', async () => {
    setActivePinia(createPinia());
    const fake = createFakeApi();
    setApiForTesting(fake.api);
    const settings = useSettingsStore();
    await settings.load();
    await settings.load();
    expect(fake.listenerCount('settings.changed')).toBe(1);
    fake.emit('settings.changed', changed({ talkSounds: true }));
    expect(settings.view?.values.talkSounds).toBe(true);
  });
});

describe('rebaseDraft', () => {
  it('takes new values for untouched fields and keeps edits, naming those changed underneath', () => {
    const before = VIEW.values;
    const draft = draftFrom(before);
    draft.talkMode = 'hold';
    draft.model = 'gpt-mine';
    const after = { ...before, talkMode: 'toggle' as const, talkSounds: true, workspace: '/w' };
    expect(rebaseDraft(draft, before, after)).toEqual(['talkMode']);
    expect(draft).toMatchObject({
      talkMode: 'hold',
      model: 'gpt-mine',
      talkSounds: true,
      workspace: '/w',
    });
  });
});

describe('an open settings dialog and a change from elsewhere', () => {
  it('shows the change in fields not being edited and keeps an edit in progress', async () => {
    const { wrapper, fake, settings } = mountApp();
    await settings.load();
    await flushPromises();
    await wrapper.get('[data-testid="setting-talkMode"]').setValue('hold');
    // The tray turns on talk sounds and hands-free.
    fake.emit('settings.changed', changed({ talkSounds: true, talkMode: 'hands-free' }));
    await flushPromises();
    const sounds = wrapper.get<HTMLInputElement>('[data-testid="setting-talkSounds"]');
    expect(sounds.element.checked).toBe(true);
    const mode = wrapper.get<HTMLSelectElement>('[data-testid="setting-talkMode"]');
    expect(mode.element.value).toBe('hold');
    expect(
      wrapper.get('[data-field="talkMode"] [data-testid="field-changed-elsewhere"]').text(),
    ).toMatch(/Changed elsewhere while you were editing/);
    expect(
      wrapper.find('[data-field="talkSounds"] [data-testid="field-changed-elsewhere"]').exists(),
    ).toBe(false);
    // Save sends the edit against the new saved values: talk sounds is not sent back.
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'settings.update').map((c) => c.payload)).toEqual(
      [{ talkMode: 'hold' }],
    );
    wrapper.unmount();
  });
});

describe('Settings: talk sounds and start at login', () => {
  it('saves both toggles in the desktop app', async () => {
    const { wrapper, fake, settings } = mountApp('electron');
    await settings.load();
    await flushPromises();
    await wrapper.get('[data-testid="setting-talkSounds"]').setValue(true);
    await wrapper.get('[data-testid="setting-startAtLogin"]').setValue(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'settings.update').map((c) => c.payload)).toEqual(
      [{ startAtLogin: true, talkSounds: true }],
    );
    wrapper.unmount();
  });

  it('explains start at login in the browser host instead of a toggle that would do nothing', async () => {
    const { wrapper, settings } = mountApp('browser');
    await settings.load();
    await flushPromises();
    expect(wrapper.find('[data-testid="setting-startAtLogin"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="start-at-login-browser"]').text()).toContain(
      'Only the desktop app starts at login.',
    );
    expect(wrapper.find('[data-testid="setting-talkSounds"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
