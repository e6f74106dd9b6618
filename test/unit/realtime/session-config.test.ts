import { describe, expect, it } from 'vitest';
import {
  buildInstructions,
  buildSessionUpdate,
  DEFAULT_VOICE_PROMPT,
  LIVE_VOICE_PROMPT,
  REALTIME_TOOLS,
  voicePromptFor,
  turnDetectionFor,
  type V2Session,
} from '../../../main/realtime/session-config';

const PCM = { type: 'audio/pcm', rate: 24000 };

function v2(talkMode: 'hands-free' | 'hold' | 'toggle' | 'auto', voice: string | null = 'marin') {
  const event = buildSessionUpdate({ protocol: 'v2', instructions: 'be brief', voice, talkMode });
  return event.session as V2Session;
}

describe('buildSessionUpdate V1', () => {
  it('is the exact quicksilver session: no tools, no turn detection', () => {
    expect(
      buildSessionUpdate({
        protocol: 'v1',
        instructions: 'hi',
        voice: 'cove',
        talkMode: 'hands-free',
      }),
    ).toEqual({
      type: 'session.update',
      session: {
        type: 'quicksilver',
        instructions: 'hi',
        audio: { input: { format: PCM }, output: { voice: 'cove' } },
      },
    });
  });

  it('the V1 payload does not depend on the talk mode', () => {
    const a = buildSessionUpdate({
      protocol: 'v1',
      instructions: 'x',
      voice: 'sol',
      talkMode: 'hold',
    });
    const b = buildSessionUpdate({
      protocol: 'v1',
      instructions: 'x',
      voice: 'sol',
      talkMode: 'hands-free',
    });
    expect(a).toEqual(b);
  });

  it('falls back to the V1 default voice', () => {
    const event = buildSessionUpdate({
      protocol: 'v1',
      instructions: '',
      voice: null,
      talkMode: 'auto',
    });
    expect(event.session.type === 'quicksilver' && event.session.audio.output.voice).toBe('cove');
  });
});

describe('buildSessionUpdate V2', () => {
  it('hands-free: the exact GA session with server VAD', () => {
    expect(
      buildSessionUpdate({
        protocol: 'v2',
        instructions: 'be brief',
        voice: 'marin',
        talkMode: 'hands-free',
      }),
    ).toEqual({
      type: 'session.update',
      session: {
        type: 'realtime',
        instructions: 'be brief',
        output_modalities: ['audio'],
        audio: {
          input: {
            format: PCM,
            noise_reduction: { type: 'near_field' },
            transcription: { model: 'gpt-4o-mini-transcribe' },
            turn_detection: {
              type: 'server_vad',
              interrupt_response: true,
              create_response: true,
              silence_duration_ms: 500,
            },
          },
          output: { format: PCM, voice: 'marin' },
        },
        tools: REALTIME_TOOLS,
        tool_choice: 'auto',
      },
    });
  });

  it.each(['hold', 'toggle', 'auto'] as const)('%s: turn_detection is null', (mode) => {
    expect(v2(mode).audio.input.turn_detection).toBeNull();
    expect(turnDetectionFor(mode)).toBeNull();
  });

  it('falls back to the V2 default voice for null or blank', () => {
    expect(v2('auto', null).audio.output.voice).toBe('marin');
    expect(v2('auto', '  ').audio.output.voice).toBe('marin');
    expect(v2('auto', 'cedar').audio.output.voice).toBe('cedar');
  });

  it('declares the four tools with object parameters', () => {
    const tools = v2('hands-free').tools;
    expect(tools.map((t) => t.name)).toEqual([
      'background_agent',
      'remain_silent',
      'task_status',
      'cancel_task',
    ]);
    for (const t of tools) {
      expect(t.type).toBe('function');
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.parameters.type).toBe('object');
    }
    const [agent, silent, status, cancel] = tools;
    expect(agent?.parameters.required).toEqual(['prompt']);
    expect(agent?.parameters.properties.prompt?.type).toBe('string');
    expect(agent?.description).toMatch(/own words/);
    expect(agent?.description).toMatch(/steers/);
    expect(silent?.parameters.properties).toEqual({});
    expect(silent?.description).toMatch(/background update/);
    expect(status?.parameters.properties).toEqual({});
    expect(cancel?.parameters.required).toEqual([]);
    expect(Object.keys(cancel?.parameters.properties ?? {})).toEqual(['task_id']);
  });

  it('each event gets its own copy of the tools', () => {
    const first = v2('auto');
    first.tools[0]!.description = 'mutated';
    expect(v2('auto').tools[0]?.description).not.toBe('mutated');
  });

  it('serialises with turn_detection: null present (not dropped)', () => {
    expect(
      JSON.stringify(
        buildSessionUpdate({ protocol: 'v2', instructions: '', voice: null, talkMode: 'hold' }),
      ),
    ).toContain('"turn_detection":null');
  });
});

describe('buildInstructions', () => {
  it.each([
    ['prompt', 'context', 'prompt\n\ncontext'],
    ['prompt', '', 'prompt'],
    ['', 'context', 'context'],
    ['', '', ''],
    ['  prompt \n', '\n context  ', 'prompt\n\ncontext'],
    ['prompt', '   ', 'prompt'],
  ])('%j + %j → %j', (prompt, context, expected) => {
    expect(buildInstructions(prompt, context)).toBe(expected);
  });
});

describe('DEFAULT_VOICE_PROMPT', () => {
  it('tells the model to keep answers short and to use the tools', () => {
    expect(DEFAULT_VOICE_PROMPT).toMatch(/short/);
    for (const name of ['background_agent', 'remain_silent', 'task_status', 'cancel_task']) {
      expect(DEFAULT_VOICE_PROMPT).toContain(name);
    }
    expect(DEFAULT_VOICE_PROMPT).toMatch(/own words/);
  });
});

describe('voicePromptFor', () => {
  it('Live gets a prompt without tools; V1 and V2 keep theirs', () => {
    expect(voicePromptFor('v1')).toBe(DEFAULT_VOICE_PROMPT);
    expect(voicePromptFor('v2')).toBe(DEFAULT_VOICE_PROMPT);
    expect(voicePromptFor('live')).toBe(LIVE_VOICE_PROMPT);
    for (const tool of ['background_agent', 'remain_silent', 'task_status', 'cancel_task']) {
      expect(LIVE_VOICE_PROMPT).not.toContain(tool);
    }
    expect(LIVE_VOICE_PROMPT).toContain('commentary');
  });
});
