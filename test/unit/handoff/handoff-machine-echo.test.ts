import { describe, expect, it } from 'vitest';
import { createHarness, handoff, userDelta, userDone, userItem } from './handoff-harness';

const RESULT = 'I updated the readme with the install steps and pushed the branch.';

function v2AfterResult() {
  const h = createHarness('v2');
  const echoes: string[] = [];
  h.machine.on('echo', (e) => echoes.push(e.source));
  h.feed(userDone('document the install'), handoff('call_1'));
  h.clock.advance(1_000);
  h.machine.deliverResult('call_1', RESULT);
  h.log.length = 0;
  return { ...h, echoes };
}

describe('echo suppression (scenario 10)', () => {
  it('V2: the result coming back as a user item and as the tool prompt is not delegated', () => {
    const h = v2AfterResult();
    h.feed(userItem(RESULT, 'item_echo'), handoff('call_2', RESULT));
    h.clock.advance(1_000);
    expect(h.delegated()).toEqual([]);
    expect(h.routed.map((r) => r.mode)).toEqual(['delegate', 'empty']);
    expect(h.echoes).toEqual(['item', 'input']);
    // the call still gets an answer, without making the model speak
    expect(h.kinds()).toEqual(['send:function_call_output']);
  });

  it('V2: a result re-delivered as a wrapped new item is recognised too', () => {
    const h = v2AfterResult();
    h.feed(handoff('call_2', `[background task result] ${RESULT}`));
    h.clock.advance(1_000);
    expect(h.routed[1]?.mode).toBe('empty');
  });

  it('input transcript of an echo item is kept out of the transcript', () => {
    const h = v2AfterResult();
    h.feed(
      userItem(RESULT, 'item_echo'),
      userDelta(RESULT, 'item_echo'),
      userDone(RESULT, 'item_echo'),
    );
    h.feed(userDone('now open a pull request', 'item_real'), handoff('call_2'));
    h.clock.advance(1_000);
    const [request] = h.delegated();
    expect(request?.lines).toEqual([{ role: 'user', text: 'now open a pull request' }]);
  });

  it('an echo item still counts as transcribed: it holds no later handoff', () => {
    const h = v2AfterResult();
    h.feed(
      { type: 'input_audio_committed', itemId: 'item_echo', previousItemId: null },
      userItem(RESULT, 'item_echo'),
      handoff('call_2', 'and the changelog'),
    );
    expect(h.machine.isHolding).toBe(true);
    h.feed(userDone(RESULT, 'item_echo'));
    expect(h.machine.isHolding).toBe(false);
    expect(h.routed[1]?.outcome.reason).toBe('transcribed');
    expect(h.delegated()[0]?.lines).toEqual([{ role: 'user', text: 'and the changelog' }]);
  });

  it('V1: handoff output echoed back as input transcript does not delegate again', () => {
    const h = createHarness('v1');
    h.feed(userDone('document the install'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.deliverMessage('h1', RESULT);
    h.feed(userDelta(RESULT), handoff('h2'));
    h.clock.advance(1_000);
    expect(h.delegated()).toHaveLength(1);
    expect(h.steered()).toEqual([]);
    expect(h.routed[1]?.mode).toBe('empty');
  });

  it('a real request next to an echo is still delegated, without the echo', () => {
    const h = createHarness('v1');
    h.feed(userDone('document the install'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.deliverResult('h1', RESULT);
    h.feed(userDone(RESULT), userDone('and tag a release'), handoff('h2'));
    h.clock.advance(1_000);
    const second = h.delegated()[1];
    expect(second?.lines).toEqual([{ role: 'user', text: 'and tag a release' }]);
    expect(second?.text).not.toContain('readme');
  });

  it('a user item that is not an echo changes nothing', () => {
    const h = v2AfterResult();
    h.feed(
      userItem('please also update the readme', 'item_x'),
      handoff('call_2', 'update the readme'),
    );
    h.clock.advance(1_000);
    expect(h.echoes).toEqual([]);
    expect(h.routed[1]?.mode).toBe('delegate');
  });
});

describe('dispose', () => {
  it('drops the held handoff, held results, timers and listeners; idempotent', () => {
    const h = createHarness('v2');
    h.machine.on('delivered', () => {});
    h.feed({ type: 'input_audio_committed', itemId: 'u1', previousItemId: null });
    h.feed(userDelta('fix it', 'u1'), handoff('call_1'));
    expect(h.machine.isHolding).toBe(true);
    h.machine.dispose();
    h.machine.dispose();
    h.clock.advance(5_000);
    h.machine.handle(handoff('call_2', 'more'));
    h.machine.deliverResult('call_1', 'done');
    h.machine.onClosed();
    h.machine.onSocketReplaced();
    expect(h.log).toEqual([]);
    expect(h.machine.listenerCount()).toBe(0);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('on() returns an unsubscribe function', () => {
    const h = createHarness('v1');
    const seen: string[] = [];
    const off = h.machine.on('routed', (r) => seen.push(r.handoffId));
    off();
    h.feed(userDone('fix it'), handoff('h1'));
    h.clock.advance(1_000);
    expect(seen).toEqual([]);
    expect(h.routed).toHaveLength(1);
  });
});
