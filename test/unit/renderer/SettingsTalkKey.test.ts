import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../preload/contract';
import type { HotkeyStatus } from '../../../preload/schemas/hotkey';
import { setApiForTesting } from '../../../renderer/src/api';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.vue';
import { useHotkeyStore } from '../../../renderer/src/stores/hotkey';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { createFakeApi, VIEW } from './fake-api';

afterEach(() => {
  setApiForTesting(null);
  document.body.innerHTML = '';
});

const HOOK: HotkeyStatus = {
  backend: 'hook',
  chord: 'Ctrl+Alt+Space',
  label: null,
  reportsRelease: true,
  state: 'active',
  reason: 'X11: the keyboard hook sees the talk key’s press and release.',
  remedy: null,
};
const PRESSES_ONLY: HotkeyStatus = {
  backend: 'global-shortcut',
  chord: 'Ctrl+Alt+Space',
  label: null,
  reportsRelease: false,
  state: 'active',
  reason: 'Wayland without the GlobalShortcuts portal: Electron sees presses only.',
  remedy: 'bind-toggle-command',
};
const NONE: HotkeyStatus = {
  backend: 'none',
  chord: null,
  label: null,
  reportsRelease: false,
  state: 'off',
  reason: 'This host has no global talk key.',
  remedy: 'bind-toggle-command',
};
const info = (host: AppInfo['host']): AppInfo => ({
  name: 'Parley',
  version: '1',
  host,
  platform: 'linux',
  restartCommand: null,
});

function mountDialog(status: HotkeyStatus, host: AppInfo['host'] = 'electron') {
  const fake = createFakeApi();
  fake.reply('hotkey.status', () => ({ ok: true, value: status }));
  setApiForTesting(fake.api);
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { settings: { view: VIEW }, ui: { info: info(host), settingsOpen: true } },
  });
  const wrapper = mount(SettingsDialog, {
    props: { view: VIEW },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  return { wrapper, fake, hotkey: useHotkeyStore(pinia), ui: useUiStore(pinia) };
}

/** A keydown as a person presses it, on the capture field (`key` as a US layout gives it). */
async function press(wrapper: VueWrapper, code: string, mods: Partial<KeyboardEventInit> = {}) {
  const key = code.replace(/^(Key|Digit)/, '').replace(/(Left|Right)$/, '');
  await wrapper.get('[data-testid="chord-capture"]').trigger('keydown', { code, key, ...mods });
}

/** What the field asked of `hotkey.pause`, in order. */
function pauses(fake: ReturnType<typeof createFakeApi>): boolean[] {
  return fake.calls
    .filter((c) => c.channel === 'hotkey.pause')
    .map((c) => (c.payload as { paused: boolean }).paused);
}

async function startCapture(wrapper: VueWrapper): Promise<void> {
  await flushPromises();
  await wrapper.get('[data-testid="chord-change"]').trigger('click');
  await flushPromises();
}

describe('Settings: the talk key', () => {
  it('shows the chord, its backend and why, read from hotkey.status', async () => {
    const { wrapper, fake } = mountDialog(HOOK);
    await flushPromises();
    expect(fake.channels()).toContain('hotkey.status');
    expect(wrapper.get('[data-testid="chord-current"]').text()).toBe('Ctrl+Alt+Space');
    expect(wrapper.get('[data-testid="hotkey-backend"]').text()).toContain(
      'Watched by the keyboard hook, which sees the key go down and up. Active.',
    );
    expect(wrapper.get('[data-testid="hotkey-reason"]').text()).toBe(HOOK.reason);
    expect(wrapper.find('[data-testid="hotkey-toggle-only"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says the key only toggles, and why, where the backend sees presses only', async () => {
    const { wrapper } = mountDialog(PRESSES_ONLY);
    await flushPromises();
    expect(wrapper.get('[data-testid="hotkey-toggle-only"]').text()).toBe(
      `The key only toggles here (hold to talk and Auto act as a tap) because: ${PRESSES_ONLY.reason}`,
    );
    expect(wrapper.get('[data-testid="hotkey-remedy"]').text()).toContain('parley --toggle');
    wrapper.unmount();
  });

  it('follows hotkey.status events while open', async () => {
    const { wrapper, fake } = mountDialog(HOOK);
    await flushPromises();
    fake.emit('hotkey.status', {
      ...HOOK,
      state: 'restarting',
      reason: 'The hook process exited.',
    });
    await flushPromises();
    expect(wrapper.get('[data-testid="hotkey-backend"]').text()).toContain('Restarting…');
    expect(wrapper.get('[data-testid="hotkey-reason"]').text()).toBe('The hook process exited.');
    wrapper.unmount();
  });

  it('captures a chord from the keys pressed and binds it with hotkey.bind', async () => {
    const { wrapper, fake } = mountDialog(HOOK);
    fake.reply('hotkey.bind', () => ({ ok: true, value: { ...HOOK, chord: 'Ctrl+Shift+K' } }));
    await startCapture(wrapper);
    const capture = wrapper.get<HTMLInputElement>('[data-testid="chord-capture"]');
    expect(document.activeElement).toBe(capture.element);
    expect(wrapper.get('[data-testid="chord-save"]').attributes('disabled')).toBeDefined();
    // Modifiers first: shown as they are held, not yet a chord.
    await press(wrapper, 'ControlLeft', { ctrlKey: true });
    await press(wrapper, 'ShiftLeft', { ctrlKey: true, shiftKey: true });
    expect(capture.element.value).toBe('Ctrl+Shift+…');
    expect(wrapper.get('[data-testid="chord-save"]').attributes('disabled')).toBeDefined();
    await press(wrapper, 'KeyK', { ctrlKey: true, shiftKey: true });
    expect(capture.element.value).toBe('Ctrl+Shift+K');
    // The global key is paused while the field listens (pressing the old chord must not talk).
    expect(pauses(fake)).toEqual([true]);
    await wrapper.get('[data-testid="chord-save"]').trigger('click');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'hotkey.bind')).toEqual([
      { channel: 'hotkey.bind', payload: { chord: 'Ctrl+Shift+K' } },
    ]);
    expect(pauses(fake)).toEqual([true, false]);
    expect(wrapper.find('[data-testid="chord-capture"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="chord-current"]').text()).toBe('Ctrl+Shift+K');
    // The chord is bound and saved by main, never sent with the form.
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(fake.channels()).not.toContain('settings.update');
    wrapper.unmount();
  });

  it('shows a refused chord’s reason beside the field and keeps the old one', async () => {
    const { wrapper, fake } = mountDialog(HOOK);
    const reason = 'Ctrl+C is copy: pick a chord nothing else uses.';
    fake.reply('hotkey.bind', () => ({
      ok: false,
      error: { kind: 'invalid_settings', message: reason },
    }));
    await startCapture(wrapper);
    await press(wrapper, 'KeyC', { ctrlKey: true });
    // Enter alone confirms.
    await press(wrapper, 'Enter');
    await flushPromises();
    expect(fake.calls.filter((c) => c.channel === 'hotkey.bind')).toEqual([
      { channel: 'hotkey.bind', payload: { chord: 'Ctrl+C' } },
    ]);
    const field = wrapper.get('[data-field="talkChord"]');
    expect(field.attributes('data-invalid')).toBe('true');
    expect(field.get('[data-testid="field-error"]').text()).toBe(reason);
    expect(wrapper.find('[data-testid="chord-capture"]').exists()).toBe(true);
    // A new press clears the refusal; the bound chord is still the old one.
    await press(wrapper, 'F9', { ctrlKey: true });
    expect(field.find('[data-testid="field-error"]').exists()).toBe(false);
    expect(useHotkeyStore().status?.chord).toBe('Ctrl+Alt+Space');
    wrapper.unmount();
  });

  it('Escape cancels the capture and leaves the dialog open', async () => {
    const { wrapper, fake, ui } = mountDialog(HOOK);
    await startCapture(wrapper);
    await press(wrapper, 'KeyJ', { altKey: true });
    await press(wrapper, 'Escape');
    await flushPromises();
    expect(wrapper.find('[data-testid="chord-capture"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="chord-current"]').text()).toBe('Ctrl+Alt+Space');
    expect(document.activeElement?.getAttribute('data-testid')).toBe('chord-change');
    expect(ui.closeSettings).not.toHaveBeenCalled();
    expect(fake.channels()).not.toContain('hotkey.bind');
    expect(pauses(fake)).toEqual([true, false]);
    wrapper.unmount();
  });

  it('closing the dialog mid-capture resumes the global key', async () => {
    const { wrapper, fake } = mountDialog(HOOK);
    await startCapture(wrapper);
    expect(pauses(fake)).toEqual([true]);
    wrapper.unmount();
    await flushPromises();
    expect(pauses(fake)).toEqual([true, false]);
  });

  it('with no backend (the browser host) offers `parley --toggle` instead of a capture field', async () => {
    const { wrapper } = mountDialog(NONE, 'browser');
    await flushPromises();
    expect(wrapper.find('[data-testid="chord-change"]').exists()).toBe(false);
    const none = wrapper.get('[data-testid="hotkey-none"]');
    expect(none.text()).toContain('The browser host has no global talk key.');
    expect(none.text()).toContain('Bind parley --toggle in your desktop’s keyboard settings');
    wrapper.unmount();
  });
});
