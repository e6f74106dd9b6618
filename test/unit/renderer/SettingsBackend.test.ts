import { createTestingPinia } from '@pinia/testing';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../preload/contract';
import type { OfflineCommandInfo } from '../../../preload/schemas/offline';
import type { SettingsView } from '../../../preload/schemas/settings';
import { setApiForTesting } from '../../../renderer/src/api';
import SettingsDialog from '../../../renderer/src/components/SettingsDialog.vue';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { createFakeApi, VIEW, type FakeApi } from './fake-api';

afterEach(() => {
  setApiForTesting(null);
  document.body.innerHTML = '';
});

const COMMANDS: OfflineCommandInfo[] = [
  { phrase: 'run the tests', source: 'built-in', does: 'Run `npm test` in the workspace.' },
  { phrase: 'what can you do', source: 'built-in', does: 'Lists some commands it understands.' },
  { phrase: 'run the lint script', source: 'npm-script', does: 'Run `npm run lint`.' },
  { phrase: 'make deploy', source: 'make-target', does: 'Run `make deploy`.' },
  { phrase: 'summarize notes', source: 'file', does: 'Read `notes.txt`.' },
];

/** The dialog over the real stores (testing pinia without stubs) and a fake main. */
function mountDialog(
  view: SettingsView = VIEW,
  fake: FakeApi = createFakeApi(),
  commands: () => Result<unknown> = () => ({ ok: true, value: COMMANDS }),
) {
  fake.reply('offline.commands', commands);
  fake.reply('settings.update', () => ({ ok: true, value: view }));
  setApiForTesting(fake.api);
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    stubActions: false,
    initialState: { settings: { view } },
  });
  const wrapper = mount(SettingsDialog, {
    props: { view },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
  return { wrapper, fake, settings: useSettingsStore(pinia) };
}

const radio = (wrapper: ReturnType<typeof mountDialog>['wrapper'], value: string) =>
  wrapper.get<HTMLInputElement>(`[data-testid="setting-backend-${value}"]`);
const withKey: SettingsView = { ...VIEW, apiKey: { source: 'stored', last4: 'abcd' } };

describe('Settings: who answers', () => {
  it('offers the three backends, labelled for what each does, the saved one chosen', () => {
    const { wrapper } = mountDialog({ ...withKey, values: { ...VIEW.values, backend: 'cloud' } });
    const box = wrapper.get('[data-field="backend"]');
    const titles = box.findAll('.choice-title').map((t) => t.text());
    expect(titles).toEqual([
      'Automatic: offline until a key is set',
      'OpenAI realtime',
      'Offline commands — a fixed set of spoken commands, nothing leaves this computer',
    ]);
    expect(radio(wrapper, 'cloud').element.checked).toBe(true);
    expect(radio(wrapper, 'auto').element.checked).toBe(false);
    wrapper.unmount();
  });

  it('lists the offline commands, built-in and from the workspace, while offline is in effect', async () => {
    // Automatic with no key: offline is what answers now.
    const { wrapper, fake } = mountDialog();
    await flushPromises();
    expect(fake.channels()).toContain('offline.commands');
    expect(wrapper.get('[data-field="backend"]').text()).toContain(
      'Now: the offline commands (no API key yet).',
    );
    const builtIn = wrapper.get('[data-testid="offline-built-in"]');
    expect(builtIn.findAll('.command-phrase').map((p) => p.text())).toEqual([
      'run the tests',
      'what can you do',
    ]);
    // What each does, with the commands it names set as code.
    const does = builtIn.get('.command-does');
    expect(does.text()).toBe('Run npm test in the workspace.');
    expect(does.get('code').text()).toBe('npm test');
    const workspace = wrapper.get('[data-testid="offline-workspace"]');
    expect(workspace.findAll('.command-phrase').map((p) => p.text())).toEqual([
      'run the lint script',
      'make deploy',
      'summarize notes',
    ]);
    expect(workspace.findAll('.command-kind').map((k) => k.text())).toEqual([
      'npm script',
      'make target',
      'file',
    ]);
    expect(wrapper.get('[data-testid="offline-commands"]').text()).toContain('/home/u');
    wrapper.unmount();
  });

  it('hides the list when the cloud answers, shows it when offline is chosen, and saves the choice', async () => {
    const { wrapper, fake, settings } = mountDialog(withKey);
    await flushPromises();
    // Automatic with a stored key: the cloud answers, no command list, nothing read.
    expect(wrapper.find('[data-testid="offline-commands"]').exists()).toBe(false);
    expect(fake.channels()).not.toContain('offline.commands');
    expect(wrapper.get('[data-field="backend"]').text()).toContain('Now: OpenAI realtime');
    await radio(wrapper, 'offline').setValue(true);
    await flushPromises();
    expect(wrapper.findAll('[data-testid="offline-built-in"] .command-phrase')).toHaveLength(2);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(settings.save).toHaveBeenCalledExactlyOnceWith({ backend: 'offline' });
    expect(fake.calls.filter((c) => c.channel === 'settings.update')).toEqual([
      { channel: 'settings.update', payload: { backend: 'offline' } },
    ]);
    wrapper.unmount();
  });

  it('follows the key in the form: typing a key under Automatic means the cloud will answer', async () => {
    const { wrapper } = mountDialog();
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-commands"]').exists()).toBe(true);
    await wrapper.get('[data-testid="setting-apiKey"]').setValue('sk-typed-key-0000000000001');
    expect(wrapper.find('[data-testid="offline-commands"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says why when the command list cannot be read', async () => {
    const fake = createFakeApi();
    const { wrapper } = mountDialog(VIEW, fake, () => ({
      ok: false,
      error: { kind: 'failed', message: 'The workspace folder cannot be read.' },
    }));
    await flushPromises();
    expect(wrapper.get('[data-testid="offline-commands-error"]').text()).toBe(
      'The offline commands could not be listed: The workspace folder cannot be read.',
    );
    expect(wrapper.find('[data-testid="offline-built-in"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('is read-only with the variable named when PARLEY_BACKEND sets it', async () => {
    const view: SettingsView = {
      ...VIEW,
      values: { ...VIEW.values, backend: 'offline' },
      overriddenBy: { backend: 'PARLEY_BACKEND' },
    };
    const { wrapper } = mountDialog(view);
    for (const value of ['auto', 'cloud', 'offline']) {
      expect(radio(wrapper, value).attributes('disabled'), value).toBeDefined();
    }
    expect(wrapper.get('[data-field="backend"] [data-testid="field-env"]').text()).toContain(
      'PARLEY_BACKEND',
    );
    await flushPromises();
    expect(wrapper.find('[data-testid="offline-commands"]').exists()).toBe(true);
    wrapper.unmount();
  });
});
