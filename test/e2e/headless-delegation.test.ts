import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  execCommandReply,
  inputTexts,
  messageReply,
  mockProviderConfigToml,
  startScriptedResponsesServer,
  type ScriptedResponsesServer,
} from '../fakes/scripted-responses-server';
import {
  startScriptedRealtimeServer,
  type ScriptStep,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';

let realtime: ScriptedRealtimeServer | null = null;
let model: ScriptedResponsesServer | null = null;
let parley: ParleyProcess | null = null;
afterEach(async () => {
  await parley?.stop();
  await realtime?.close();
  await model?.close();
  parley = realtime = model = null;
});

const call = (callId: string, prompt: string) => ({
  type: 'conversation.item.done',
  item: {
    id: `i_${callId}`,
    type: 'function_call',
    call_id: callId,
    name: 'background_agent',
    arguments: JSON.stringify({ prompt }),
  },
});

async function serve(script: ScriptStep[], env: Record<string, string>) {
  realtime = await startScriptedRealtimeServer({ script });
  parley = startParley(['--headless'], {
    OPENAI_API_KEY: 'sk-headless-delegation-01',
    PARLEY_LISTEN_ON_START: '1',
    PARLEY_REALTIME_URL: realtime.url,
    PARLEY_TALK_MODE: 'hands-free',
    ...env,
  });
  return parley;
}

describe('parley serve --headless delegates handoffs', () => {
  it('V1 with the command delegate: late deltas included, result as conversation.handoff.append', async () => {
    await serve(
      [
        { waitFor: 'session.update' },
        { send: { type: 'conversation.input_transcript.delta', delta: 'please tidy ' } },
        {
          send: {
            type: 'conversation.handoff.requested',
            handoff_id: 'h_v1',
            item_id: 'it1',
            input_transcript: '',
          },
        },
        { delayMs: 80 },
        { send: { type: 'conversation.input_transcript.delta', delta: 'the imports' } },
        { send: { type: 'conversation.output_transcript.delta', delta: 'on it' } },
      ],
      {
        PARLEY_REALTIME_PROTOCOL: 'v1',
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: 'cat',
        PARLEY_WORKSPACE: process.cwd(),
      },
    );
    const append = await realtime!.waitForMessage('conversation.handoff.append', 15_000);
    expect(append.json!.handoff_id).toBe('h_v1');
    expect(String(append.json!.output_text)).toContain('user: please tidy the imports');
    expect(String(append.json!.output_text)).toContain('assistant: on it');
    await parley!.waitFor((r) => r.event === 'task.progress');
  });

  it('V2 with the command delegate: function_call_output, then response.create', async () => {
    await serve(
      [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u1',
            transcript: 'what day is it',
          },
        },
        { send: call('c_v2', 'what day is it') },
      ],
      {
        PARLEY_REALTIME_PROTOCOL: 'v2',
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: 'echo Tuesday',
        PARLEY_WORKSPACE: process.cwd(),
      },
    );
    const output = await realtime!.waitForMessage('conversation.item.create', 15_000);
    expect(output.json!.item).toEqual({
      type: 'function_call_output',
      call_id: 'c_v2',
      output: 'Tuesday',
    });
    const create = await realtime!.waitForMessage('response.create', 5000);
    expect(create.at).toBeGreaterThanOrEqual(output.at);
  });

  it('V2 with the real Codex CLI against a loopback model server', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'parley-e2e-codex-'));
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
    await serve(
      [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u1',
            transcript: 'leave a note file in the workspace',
          },
        },
        { send: call('c_codex', 'leave a note file in the workspace') },
      ],
      {
        PARLEY_REALTIME_PROTOCOL: 'v2',
        PARLEY_DELEGATE: 'codex',
        PARLEY_WORKSPACE: workspace,
        CODEX_HOME: codexHome,
        MOCK_API_KEY: 'not-a-real-key',
      },
    );
    const output = await realtime!.waitForMessage('conversation.item.create', 60_000);
    expect(output.json!.item).toEqual({
      type: 'function_call_output',
      call_id: 'c_codex',
      output: 'I created codex-was-here.txt.',
    });
    // Codex received the delegation text, and its command really ran in the workspace.
    const first = model.requests.find((r) => r.path.endsWith('/responses'))!;
    expect(inputTexts(first.body).join('\n')).toContain('leave a note file in the workspace');
    expect(inputTexts(first.body).join('\n')).toContain('<realtime_delegation>');
    expect(existsSync(join(workspace, 'codex-was-here.txt'))).toBe(true);
    await parley!.waitFor(
      (r) => r.event === 'task.progress' && r.kind === 'command' && r.exitCode === 0,
    );
  });
});
