import { describe, expect, it } from 'vitest';
import { TALK_INPUT_DEFAULTS } from '../../../main/audio/talk-input-types';

const STUCK_TALK_KEY_MS = TALK_INPUT_DEFAULTS.stuckKeyMs;
import { createTestApp, invoke } from '../../support/app-harness';

describe('createParleyApp with recording fakes (no sockets, no data dir)', () => {
  it('starts a conversation over the injected transport and sends session.update first', async () => {
    const { app, transports } = createTestApp();
    expect((await app.start()).ok).toBe(true);
    await invoke(app, 'conversation.start');
    const transport = transports.latest!;
    expect(transport.endpoint.url).toBe('wss://api.openai.com/v1/realtime?model=gpt-realtime-1.5');
    expect(transport.sent[0]).toMatchObject({ type: 'session.update' });
    expect((await invoke(app, 'conversation.state')).phase).toBe('live');
    await app.dispose();
  });

  it('a talk key held past the stuck-key timeout is released; a detached renderer releases it too', async () => {
    const { app, clock, logs } = createTestApp();
    await app.start();
    await invoke(app, 'conversation.talk', { pressed: true });
    clock.advance(STUCK_TALK_KEY_MS);
    expect(logs.filter((l) => l.event === 'talk.stuck_key_released')).toHaveLength(1);
    await invoke(app, 'conversation.talk', { pressed: true });
    app.rendererDetached();
    clock.advance(STUCK_TALK_KEY_MS * 2);
    expect(logs.filter((l) => l.event === 'talk.stuck_key_released')).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    await app.dispose();
  });

  it('reports expected failures as tagged values: an unknown task, text with no session', async () => {
    const { app } = createTestApp();
    await app.start();
    expect(await app.handlers['tasks.cancel']({ id: 'task-9' })).toEqual({
      ok: false,
      error: { tag: 'not_found', message: 'There is no task "task-9".' },
    });
    const text = await app.handlers['conversation.sendText']({ text: 'hello' });
    expect(text).toMatchObject({ ok: false, error: { tag: 'not_ready' } });
    await app.dispose();
  });

  it('a bad voice from the environment is a config failure naming the variable', async () => {
    const { app } = createTestApp({ env: { PARLEY_VOICE: 'nobody' } });
    const started = await app.start();
    expect(started.ok).toBe(false);
    if (!started.ok) {
      expect(started.error.tag).toBe('config');
      expect(started.error.message).toContain('PARLEY_VOICE');
    }
    await app.dispose();
  });

  it('initial events carry the current state, and dispose leaves nothing subscribed', async () => {
    const { app, events } = createTestApp();
    await app.start();
    expect(app.initialEvents()).toEqual([
      { event: 'conversation.state', payload: expect.objectContaining({ phase: 'idle' }) },
    ]);
    await invoke(app, 'conversation.start');
    expect(events.some((e) => e.name === 'conversation.state')).toBe(true);
    await app.dispose();
    const after = events.length;
    await app.dispose();
    expect(events.length).toBe(after);
  });
});
