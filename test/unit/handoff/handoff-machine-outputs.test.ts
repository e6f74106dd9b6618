import { describe, expect, it } from 'vitest';
import {
  createHarness,
  handoff,
  noop,
  responseCreated,
  speechStarted,
  speechStopped,
  toolCall,
  userDelta,
  userDone,
} from './handoff-harness';
import { EMPTY_RESULT_TEXT } from '../../../main/handoff/handoff-outputs';
import { DEFAULT_ACK_TEXT } from '../../../main/handoff/handoff-machine';
import {
  handoffAppend,
  type HandoffClientEvent,
} from '../../../main/handoff/handoff-client-events';
import { EMPTY_FINAL_TEXT, FINAL_ANSWER_PREFIX } from '../../../main/handoff/v1-appends';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';

const committed = (itemId: string): RealtimeEvent => ({
  type: 'input_audio_committed',
  itemId,
  previousItemId: null,
});

/** A V2 machine with one task delegated for call_1. */
function v2WithTask(options: Parameters<typeof createHarness>[1] = {}) {
  const h = createHarness('v2', options);
  h.feed(userDone('fix the tests'), handoff('call_1'));
  h.clock.advance(1_000);
  expect(h.delegated()).toHaveLength(1);
  h.log.length = 0;
  return h;
}

const callOutput = (call_id: string, output: string): HandoffClientEvent => ({
  type: 'conversation.item.create',
  item: { type: 'function_call_output', call_id, output },
});

describe('V1 output', () => {
  it('each completed delegate message goes out as handoff.append to the active handoff', () => {
    const h = createHarness('v1');
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.deliverMessage('h1', 'Looking at the failures.');
    h.machine.deliverMessage('h1', 'All 42 tests pass now.');
    // The newest message is held a moment, in case it is the final answer (then sent marked).
    expect(h.sent()).toHaveLength(1);
    h.clock.advance(500);
    expect(h.sent()).toEqual([
      {
        type: 'conversation.handoff.append',
        handoff_id: 'h1',
        output_text: 'Looking at the failures.',
      },
      {
        type: 'conversation.handoff.append',
        handoff_id: 'h1',
        output_text: 'All 42 tests pass now.',
      },
    ]);
    expect(h.kinds()).not.toContain('response.create');
  });

  it('the final answer is marked, and said once when the last message was it', () => {
    const h = createHarness('v1');
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.deliverMessage('h1', 'Looking at the failures.');
    h.machine.deliverMessage('h1', 'All 42 tests pass now.');
    h.clock.advance(100);
    h.machine.deliverResult('h1', 'All 42 tests pass now.');
    expect(h.sent()).toEqual([
      handoffAppend('h1', 'Looking at the failures.'),
      handoffAppend('h1', '"Agent Final Message":\n\nAll 42 tests pass now.'),
    ]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('a result that differs from the last message: the message, then the marked result', () => {
    const h = createHarness('v1');
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.deliverMessage('h1', 'Running npm test.');
    h.machine.deliverResult('h1', 'Task failed: npm exited with 1.');
    expect(h.sent()).toEqual([
      handoffAppend('h1', 'Running npm test.'),
      handoffAppend('h1', `${FINAL_ANSWER_PREFIX}Task failed: npm exited with 1.`),
    ]);
  });

  it('a result with nothing to say still marks the end', () => {
    const h = createHarness('v1');
    h.machine.deliverResult(null, '  ');
    expect(h.sent()).toEqual([handoffAppend('codex', `${FINAL_ANSWER_PREFIX}${EMPTY_FINAL_TEXT}`)]);
  });

  it('falls back to "codex" with no active handoff', () => {
    const h = createHarness('v1');
    h.machine.deliverMessage(null, 'Started from the task pane.');
    h.clock.advance(500);
    expect(h.sent()).toEqual([
      {
        type: 'conversation.handoff.append',
        handoff_id: 'codex',
        output_text: 'Started from the task pane.',
      },
    ]);
  });

  it('after a reconnect the old handoff id is void: "codex" until a new handoff', () => {
    const h = createHarness('v1');
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(1_000);
    h.machine.onClosed();
    h.machine.onSocketReplaced();
    h.machine.deliverMessage('h1', 'Still working.');
    h.clock.advance(500);
    expect(h.sent()[0]).toMatchObject({ handoff_id: 'codex' });
  });

  it('ignores empty messages; V2 does not speak intermediate messages', () => {
    const v1 = createHarness('v1');
    v1.machine.deliverMessage('h1', '  ');
    expect(v1.log).toEqual([]);
    const v2 = v2WithTask();
    v2.machine.deliverMessage('call_1', 'Looking at the failures.');
    expect(v2.log).toEqual([]);
  });
});

describe('V2 output', () => {
  it('the result goes out as function_call_output, then response.create', () => {
    const h = v2WithTask();
    h.machine.deliverResult('call_1', 'All 42 tests pass now.');
    expect(h.log).toEqual([
      { kind: 'send', event: callOutput('call_1', 'All 42 tests pass now.') },
      { kind: 'response.create' },
    ]);
    h.machine.deliverResult('call_1', 'again');
    expect(h.kinds()).toEqual([
      'send:function_call_output',
      'response.create',
      'send:message',
      'response.create',
    ]);
  });

  it('an empty result still answers the call', () => {
    const h = v2WithTask();
    h.machine.deliverResult('call_1', '');
    expect(h.sent()).toEqual([callOutput('call_1', EMPTY_RESULT_TEXT)]);
  });

  it('a second background_agent call while a task runs: ack at once, then steer', () => {
    const h = v2WithTask();
    h.feed(handoff('call_2', 'also update the changelog'));
    // Nothing is pending, so the steer follows the acknowledgement at once.
    expect(h.log.slice(0, 2)).toEqual([
      { kind: 'send', event: callOutput('call_2', DEFAULT_ACK_TEXT) },
      { kind: 'response.create' },
    ]);
    expect(h.kinds()).toEqual(['send:function_call_output', 'response.create', 'steer']);
    expect(h.delegated()).toEqual([]);
    expect(h.steered()).toHaveLength(1);
    expect(h.steered()[0]).toMatchObject({ handoffId: 'call_2', callId: 'call_2' });
    expect(h.steered()[0]?.text).toContain('<input>also update the changelog</input>');
    // The running task's result still answers its own call.
    h.log.length = 0;
    h.machine.deliverResult('call_1', 'Done: tests fixed, changelog updated.');
    expect(h.sent()[0]).toEqual(callOutput('call_1', 'Done: tests fixed, changelog updated.'));
    // A result for the acknowledged call can only be a new item.
    h.machine.deliverResult('call_2', 'Changelog updated.');
    expect(h.sent()[1]).toMatchObject({ item: { type: 'message', role: 'system' } });
  });

  it('after the task ended, the next call is a new delegation', () => {
    const h = v2WithTask();
    h.machine.deliverResult('call_1', 'Done.');
    h.feed(handoff('call_2', 'now deploy'));
    h.clock.advance(1_000);
    expect(h.delegated().map((r) => r.handoffId)).toEqual(['call_2']);
    expect(h.steered()).toEqual([]);
  });

  it('tasks the registry knows about (hasRunningTask) also make a call steer', () => {
    const h = createHarness('v2', { running: () => true });
    h.feed(handoff('call_9', 'status of the build?'));
    expect(h.kinds()).toEqual(['send:function_call_output', 'response.create', 'steer']);
    expect(h.steered()).toHaveLength(1);
  });

  it('V1: a handoff while a task runs steers it, with no acknowledgement', () => {
    const h = createHarness('v1');
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(1_000);
    h.feed(handoff('h2', 'and the lint errors'));
    h.clock.advance(1_000);
    expect(h.steered()).toHaveLength(1);
    expect(h.sent()).toEqual([]);
  });

  it('remain_silent gets an empty output and no response.create', () => {
    const h = createHarness('v2');
    h.feed(noop('call_s'));
    expect(h.log).toEqual([{ kind: 'send', event: callOutput('call_s', '') }]);
  });

  it('task_status answers from describeTasks, then response.create', () => {
    const h = createHarness('v2');
    h.feed(toolCall('task_status', 'call_t'));
    expect(h.log).toEqual([
      { kind: 'send', event: callOutput('call_t', 'One task running: fix tests (12 s).') },
      { kind: 'response.create' },
    ]);
  });

  it('cancel_task cancels the named or the running task and says what happened', () => {
    const h = createHarness('v2');
    h.feed(
      toolCall('cancel_task', 'call_c', '{"task_id":"t2"}'),
      toolCall('cancel_task', 'call_d'),
    );
    expect(h.log).toEqual([
      { kind: 'cancel', taskId: 't2' },
      { kind: 'send', event: callOutput('call_c', 'Cancelled task t2.') },
      { kind: 'response.create' },
      { kind: 'cancel', taskId: null },
      { kind: 'send', event: callOutput('call_d', 'Cancelled the running task.') },
      { kind: 'response.create' },
    ]);
  });
});

describe('delivery when the user is not speaking', () => {
  for (const end of [
    ['speech_stopped', speechStopped],
    ['input transcript done', userDone('wait, one more thing')],
    ['response_created', responseCreated],
  ] as const) {
    it(`holds a result from speech_started until ${end[0]}`, () => {
      const h = v2WithTask();
      h.feed(speechStarted, userDelta('wait, one'));
      h.machine.deliverResult('call_1', 'All tests pass.');
      expect(h.log).toEqual([]);
      h.feed(end[1]);
      expect(h.kinds()).toEqual(['send:function_call_output', 'response.create']);
    });
  }

  it('holds V1 messages too, and keeps their order', () => {
    const h = createHarness('v1');
    h.feed(speechStarted);
    h.machine.deliverMessage(null, 'one');
    h.machine.deliverMessage(null, 'two');
    expect(h.log).toEqual([]);
    h.feed(speechStopped);
    h.clock.advance(500);
    expect(
      h.sent().map((e) => (e.type === 'conversation.handoff.append' ? e.output_text : '')),
    ).toEqual(['one', 'two']);
  });

  it('a V1 message held for the final answer waits while the user speaks', () => {
    const h = createHarness('v1');
    h.machine.deliverMessage(null, 'Still running the tests.');
    h.feed(speechStarted);
    h.clock.advance(500);
    expect(h.sent()).toEqual([]);
    h.feed(speechStopped);
    h.clock.advance(500);
    expect(h.sent()).toEqual([handoffAppend('codex', 'Still running the tests.')]);
  });

  it('a held V1 message is dropped when the socket changes protocol', () => {
    const h = createHarness('v1');
    h.machine.deliverMessage(null, 'Halfway there.');
    h.machine.onSocketReplaced('v2');
    h.clock.advance(1_000);
    expect(h.sent()).toEqual([]);
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('the hold-to-talk key holds results until released', () => {
    const h = v2WithTask();
    h.machine.setUserSpeaking(true);
    h.machine.deliverResult('call_1', 'All tests pass.');
    h.feed(responseCreated);
    expect(h.log).toEqual([]);
    h.machine.setUserSpeaking(false);
    expect(h.kinds()).toEqual(['send:function_call_output', 'response.create']);
  });

  it('a turn whose end never comes holds results at most maxHoldMs', () => {
    const h = v2WithTask({ gate: { maxHoldMs: 5_000 } });
    h.feed(speechStarted);
    h.machine.deliverResult('call_1', 'All tests pass.');
    h.clock.advance(4_999);
    expect(h.log).toEqual([]);
    h.clock.advance(1);
    expect(h.kinds()).toEqual(['send:function_call_output', 'response.create']);
  });

  it('tool-call answers are not held (the voice model waits for them)', () => {
    const h = createHarness('v2');
    h.feed(speechStarted, noop('call_s'));
    expect(h.sent()).toEqual([callOutput('call_s', '')]);
  });
});

describe('reconnect', () => {
  it('a result held across a reconnect goes out as a new item, not on the void call', () => {
    const h = v2WithTask();
    h.machine.onClosed();
    h.machine.deliverResult('call_1', 'All tests pass.');
    expect(h.log).toEqual([]);
    h.machine.onSocketReplaced();
    expect(h.log).toEqual([
      {
        kind: 'send',
        event: {
          type: 'conversation.item.create',
          item: {
            type: 'message',
            role: 'system',
            content: [{ type: 'input_text', text: '[background task result] All tests pass.' }],
          },
        },
      },
      { kind: 'response.create' },
    ]);
  });

  it('a result arriving after the reconnect is a new item too', () => {
    const h = v2WithTask();
    h.machine.onClosed();
    h.machine.onSocketReplaced();
    h.machine.deliverResult('call_1', 'All tests pass.');
    expect(h.kinds()).toEqual(['send:message', 'response.create']);
  });

  it('a result for an unknown handoff (a task from the UI) is a new item', () => {
    const h = createHarness('v2');
    h.machine.deliverResult(null, 'Indexed the workspace.');
    expect(h.kinds()).toEqual(['send:message', 'response.create']);
  });

  it('a call answer is dropped while no socket is up', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), handoff('call_1')); // held: u1 is being transcribed
    h.machine.onClosed(); // routes the empty handoff: its answer would go to a dead call
    expect(h.log).toEqual([]);
  });

  it('a handoff on the new socket answers its own call', () => {
    const h = v2WithTask();
    h.machine.deliverResult('call_1', 'done');
    h.machine.onClosed();
    h.machine.onSocketReplaced();
    h.log.length = 0;
    h.feed(userDone('deploy it'), handoff('call_7'));
    h.clock.advance(1_000);
    h.machine.deliverResult('call_7', 'Deployed.');
    expect(h.sent()).toEqual([callOutput('call_7', 'Deployed.')]);
  });
});

describe('reconnect while a handoff is held', () => {
  it('the empty call of the old socket is not answered on the new one', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), handoff('call_1'));
    h.machine.onSocketReplaced();
    expect(h.routed[0]?.mode).toBe('empty');
    expect(h.log).toEqual([]);
  });
});
