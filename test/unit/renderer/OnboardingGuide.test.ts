import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setApiForTesting } from '../../../renderer/src/api';
import OnboardingGuide from '../../../renderer/src/components/OnboardingGuide.vue';
import { useSettingsStore } from '../../../renderer/src/stores/settings';
import { useUiStore } from '../../../renderer/src/stores/ui';
import { createFakeApi, VIEW, type FakeApi } from './fake-api';

let pinia: Pinia;
let fake: FakeApi;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  fake = createFakeApi();
  fake.reply('settings.update', () => ({ ok: true, value: VIEW }));
  setApiForTesting(fake.api);
  useSettingsStore().view = VIEW;
  useUiStore().guideOpen = true;
});

afterEach(() => setApiForTesting(null));

const mountGuide = () =>
  mount(OnboardingGuide, {
    props: { view: VIEW },
    global: { plugins: [pinia] },
    attachTo: document.body,
  });
const updates = () =>
  fake.calls.filter((c) => c.channel === 'settings.update').map((c) => c.payload);

describe('OnboardingGuide', () => {
  it('refuses a key that cannot be one, with the reason, and sends nothing', async () => {
    const wrapper = mountGuide();
    await wrapper
      .get('[data-testid="guide-key"]')
      .setValue('OPENAI_API_KEY=sk-000000000000000000000');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="guide-key-error"]').text()).toMatch(
      /without the "NAME=" part/,
    );
    await wrapper.get('[data-testid="guide-key"]').setValue('');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    expect(wrapper.get('[data-testid="guide-key-error"]').text()).toMatch(
      /Paste your key, or choose/,
    );
    expect(updates()).toEqual([]);
    wrapper.unmount();
  });

  it('saves a good key in main and goes on to the microphone', async () => {
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-key"]').setValue(' sk-guide-test-00000000000001 ');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await flushPromises();
    expect(updates()).toEqual([{ apiKey: 'sk-guide-test-00000000000001' }]);
    expect(wrapper.find('[data-testid="mic-check"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows the exact line to add for an environment variable instead', async () => {
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-use-env"]').setValue(true);
    expect(wrapper.get('[data-testid="guide-env-line"]').text()).toBe('export OPENAI_API_KEY=sk-…');
    expect(wrapper.text()).toContain('npm run serve');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    expect(updates()).toEqual([]);
    expect(wrapper.find('[data-testid="mic-check"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it('walks talk mode, workspace and what is sent where, then saves them whole', async () => {
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-use-env"]').setValue(true);
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await wrapper.get('[data-testid="guide-talk-hands-free"]').setValue(true);
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await wrapper.get('[data-testid="guide-workspace"]').setValue(' /home/u/src ');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    const privacy = wrapper.get('[data-testid="guide-privacy"]').text();
    expect(privacy).toContain('https://api.openai.com/v1');
    expect(privacy).toMatch(/microphone audio and the transcript go to the realtime endpoint/);
    expect(privacy).toMatch(/Nothing else leaves this computer/);
    await wrapper.get('[data-testid="guide-finish"]').trigger('click');
    await flushPromises();
    expect(updates()).toEqual([
      { talkMode: 'hands-free', workspace: '/home/u/src', onboarded: true },
    ]);
    expect(useUiStore().guideOpen).toBe(false);
    wrapper.unmount();
  });

  it('goes back to the workspace step when main refuses the folder', async () => {
    fake.reply('settings.update', () => ({
      ok: false,
      error: {
        kind: 'invalid_settings',
        message: 'There is no folder at /nope.',
        field: 'workspace',
      },
    }));
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-use-env"]').setValue(true);
    for (let i = 0; i < 4; i++) await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await wrapper.get('[data-testid="guide-finish"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="guide-workspace-error"]').text()).toBe(
      'There is no folder at /nope.',
    );
    expect(useUiStore().guideOpen).toBe(true);
    wrapper.unmount();
  });

  it('offers the offline commands with no key: what they are, then a summary that says so', async () => {
    fake.reply('offline.commands', () => ({
      ok: true,
      value: [
        { phrase: 'run the tests', source: 'built-in', does: 'Run `npm test`.' },
        { phrase: 'what can you do', source: 'built-in', does: 'Lists some commands.' },
        { phrase: 'run the lint script', source: 'npm-script', does: 'Run `npm run lint`.' },
      ],
    }));
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-use-offline"]').setValue(true);
    await flushPromises();
    const offline = wrapper.get('[data-testid="guide-offline"]');
    expect(offline.findAll('.command-phrase').map((p) => p.text())).toEqual([
      'run the tests',
      'what can you do',
    ]);
    expect(wrapper.text()).toContain('Add a key later in Settings');
    expect(wrapper.find('[data-testid="guide-key"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="guide-next"]').text()).toBe('Next');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    for (let i = 0; i < 3; i++) await wrapper.get('[data-testid="guide-next"]').trigger('click');
    expect(wrapper.get('[data-testid="guide-summary"]').text()).toMatch(
      /Parley will use the offline commands: press Start and say “what can you do”/,
    );
    const privacy = wrapper.get('[data-testid="guide-privacy"]').text();
    expect(privacy).toMatch(/recognised on this computer/);
    expect(privacy).toMatch(/nothing you say is sent to a realtime endpoint/);
    expect(privacy).toMatch(/its words go to the delegate you chose \(Codex/);
    await wrapper.get('[data-testid="guide-finish"]').trigger('click');
    await flushPromises();
    // No key was asked for or saved; Automatic stays, so a key added later takes over.
    expect(updates()).toEqual([{ talkMode: 'auto', workspace: null, onboarded: true }]);
    expect(useUiStore().guideOpen).toBe(false);
    wrapper.unmount();
  });

  it('the offline path puts back Automatic when the cloud was chosen, and is refused when a variable insists', async () => {
    const cloud = { ...VIEW, values: { ...VIEW.values, backend: 'cloud' as const } };
    const wrapper = mount(OnboardingGuide, {
      props: { view: cloud },
      global: { plugins: [pinia] },
      attachTo: document.body,
    });
    await wrapper.get('[data-testid="guide-use-offline"]').setValue(true);
    for (let i = 0; i < 4; i++) await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await wrapper.get('[data-testid="guide-finish"]').trigger('click');
    await flushPromises();
    expect(updates().at(-1)).toEqual({
      talkMode: 'auto',
      workspace: null,
      onboarded: true,
      backend: 'auto',
    });
    wrapper.unmount();
    const fixed = mount(OnboardingGuide, {
      props: { view: { ...cloud, overriddenBy: { backend: 'PARLEY_BACKEND' } } },
      global: { plugins: [pinia] },
      attachTo: document.body,
    });
    expect(fixed.get('[data-testid="guide-use-offline"]').attributes('disabled')).toBeDefined();
    expect(fixed.get('[data-testid="guide-offline-refused"]').text()).toContain(
      'PARLEY_BACKEND=cloud is set',
    );
    fixed.unmount();
  });

  it('with a key, the summary says OpenAI realtime and the paragraph names the endpoint', async () => {
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-key"]').setValue('sk-guide-test-00000000000001');
    await wrapper.get('[data-testid="guide-next"]').trigger('click');
    await flushPromises();
    for (let i = 0; i < 3; i++) await wrapper.get('[data-testid="guide-next"]').trigger('click');
    expect(wrapper.get('[data-testid="guide-summary"]').text()).toBe(
      'Parley will talk to OpenAI realtime with your key.',
    );
    expect(wrapper.get('[data-testid="guide-privacy"]').text()).not.toMatch(/offline/);
    wrapper.unmount();
  });

  it('can be skipped, and then does not come back', async () => {
    const wrapper = mountGuide();
    await wrapper.get('[data-testid="guide-skip"]').trigger('click');
    await flushPromises();
    expect(updates()).toEqual([{ onboarded: true }]);
    expect(useUiStore().guideOpen).toBe(false);
    wrapper.unmount();
  });
});
