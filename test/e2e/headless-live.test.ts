import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectOnlyValidLiveEvents } from '../integration/realtime/live-harness';
import {
  liveEvents,
  startScriptedLiveServer,
  type LiveStep,
  type ScriptedLiveServer,
} from '../fakes/scripted-live-server';
import {
  execCommandReply,
  inputTexts,
  messageReply,
  mockProviderConfigToml,
  startScriptedResponsesServer,
  type ScriptedResponsesServer,
} from '../fakes/scripted-responses-server';
import { startParley, type ParleyProcess } from '../support/parley-process';

let live: ScriptedLiveServer | null = null;
let model: ScriptedResponsesServer | null = null;
let parley: ParleyProcess | null = null;
afterEach(async () => {
  await parley?.stop();
  if (live) expectOnlyValidLiveEvents(live);
  await live?.close();
  await model?.close();
  parley = live = model = null;
});

/** The user asks, the delegation comes on the timeline, and the last words arrive after it. */
const askScript = (words: [string, string]): LiveStep[] => [
  { atTimelineMs: 200 },
  { send: liveEvents.input(words[0], 0, 300) },
  { send: liveEvents.delegation('del_1', 300) },
  { delayMs: 80 },
  { send: liveEvents.input(words[1], 300, 500) },
  { waitFor: 'session.commentary.append', timeoutMs: 60_000 },
];

async function serve(script: LiveStep[], env: Record<string, string>) {
  live = await startScriptedLiveServer({ plan: { script } });
  parley = startParley(['--headless'], {
    OPENAI_API_KEY: 'sk-headless-live-0001',
    PARLEY_LISTEN_ON_START: '1',
    PARLEY_REALTIME_URL: live.url,
    PARLEY_REALTIME_PROTOCOL: 'live',
    ...env,
  });
}

const commentaryOf = (srv: ScriptedLiveServer) =>
  srv.messages.filter((m) => m.type === 'session.commentary.append').map((m) => m.json!);

describe('parley serve --headless on the Live protocol', () => {
  it('delegates on the timeline to the command delegate and says the result as commentary', async () => {
    await serve(askScript(['please count ', 'the files']), {
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: 'cat',
      PARLEY_WORKSPACE: process.cwd(),
    });
    await live!.until(() => commentaryOf(live!).length > 0, 'a commentary append', 30_000);
    const [commentary] = commentaryOf(live!);
    // The command echoes its input: the late fragment made it into the delegation.
    expect(commentary).toMatchObject({ delegation_id: 'del_1' });
    expect(String(commentary!.content)).toContain('please count the files');
    const routed = await parley!.waitFor((r) => r.event === 'handoff.routed');
    expect(routed).toMatchObject({ handoffId: 'del_1', mode: 'delegate', reason: 'passed' });
    // Nothing before session.started, and session.start came first.
    expect(live!.messages[0]!.type).toBe('session.start');
    expect(live!.messages.filter((m) => !m.afterStarted).map((m) => m.type)).toEqual([
      'session.start',
    ]);
  });

  it('delegates to the real Codex CLI against a loopback model server', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'parley-e2e-live-codex-'));
    const workspace = join(scratch, 'workspace');
    const codexHome = join(scratch, 'codex-home');
    mkdirSync(workspace);
    mkdirSync(codexHome);
    model = await startScriptedResponsesServer({
      replies: [
        execCommandReply('echo made by codex > codex-was-here.txt'),
        messageReply('I created codex-was-here.txt.'),
      ],
    });
    writeFileSync(join(codexHome, 'config.toml'), mockProviderConfigToml(model.baseUrl));
    await serve(askScript(['leave a note file ', 'in the workspace']), {
      PARLEY_DELEGATE: 'codex',
      PARLEY_WORKSPACE: workspace,
      CODEX_HOME: codexHome,
      MOCK_API_KEY: 'not-a-real-key',
    });
    await live!.until(() => commentaryOf(live!).length > 0, 'a commentary append', 60_000);
    expect(commentaryOf(live!)[0]).toMatchObject({
      delegation_id: 'del_1',
      content: 'I created codex-was-here.txt.',
    });
    const first = model.requests.find((r) => r.path.endsWith('/responses'))!;
    expect(inputTexts(first.body).join('\n')).toContain('leave a note file in the workspace');
    expect(existsSync(join(workspace, 'codex-was-here.txt'))).toBe(true);
  });
});
