import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { audio, botDelta, createHarness, handoff, userDelta, userDone } from './handoff-harness';

const started = (itemId: string): RealtimeEvent => ({ type: 'speech_started', itemId });
const committed = (itemId: string): RealtimeEvent => ({
  type: 'input_audio_committed',
  itemId,
  previousItemId: null,
});
const failed = (itemId: string): RealtimeEvent => ({
  type: 'input_transcript_failed',
  itemId,
  message: 'unintelligible',
});
const botDeltaOf = (itemId: string, delta: string): RealtimeEvent => ({
  type: 'output_transcript_delta',
  delta,
  itemId,
});

describe('HandoffMachine: the seed sequence gives three utterances in order', () => {
  it('V1 (no item ids): assistant, user, assistant — the lead-in is not glued onto the earlier one', () => {
    const h = createHarness('v1');
    h.feed(
      botDelta('assistant context'),
      userDelta('delegated '),
      handoff('h1', ''),
      userDelta('query'),
      botDelta('assist confirm'),
    );
    h.clock.advance(1_000); // nothing learned yet in this session: the 1 s cap
    expect(h.delegated()[0]?.lines).toEqual([
      { role: 'assistant', text: 'assistant context' },
      { role: 'user', text: 'delegated query' },
      { role: 'assistant', text: 'assist confirm' },
    ]);
    expect(h.delegated()[0]?.text).toContain(
      'user: delegated query\nassistant: assist confirm</transcript_delta>',
    );
  });

  it('V2 (item ids): the same three lines, routed the moment the user item is transcribed', () => {
    const h = createHarness('v2');
    h.feed(
      botDeltaOf('a0', 'assistant context'),
      started('u1'),
      userDelta('delegated ', 'u1'),
      committed('u1'),
      handoff('call_1', ''),
      userDelta('query', 'u1'),
      botDeltaOf('a1', 'assist confirm'),
    );
    h.clock.advance(400);
    expect(h.delegated()).toEqual([]);
    h.feed(userDone('delegated query', 'u1'));
    expect(h.delegated()[0]?.lines).toEqual([
      { role: 'assistant', text: 'assistant context' },
      { role: 'user', text: 'delegated query' },
      { role: 'assistant', text: 'assist confirm' },
    ]);
    expect(h.routed[0]?.outcome).toEqual({
      reason: 'transcribed',
      waitedMs: 400,
      waitedFor: ['u1'],
      quietGapMs: null,
    });
  });
});

describe('HandoffMachine V2: settle on the transcription of committed items', () => {
  it('scenario 17: nothing pending routes at once', () => {
    const h = createHarness('v2');
    h.feed(started('u1'), committed('u1'), userDone('list the files', 'u1'), handoff('call_1'));
    expect(h.delegated()[0]?.text).toContain('user: list the files');
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'nothing_pending', waitedMs: 0 });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('scenario 17: a pending item routes right after its completed, also 2.5 s later', () => {
    const h = createHarness('v2');
    h.feed(started('u1'), committed('u1'), handoff('call_1', 'summarise the log'));
    h.clock.advance(2_499);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    h.feed(userDone('summarise the error log please', 'u1'));
    expect(h.delegated()[0]?.text).toContain('user: summarise the error log please');
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'transcribed', waitedMs: 2_500 });
  });

  it('scenario 17: a failed transcription routes at once with what arrived', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), userDelta('deploy the ', 'u1'), handoff('call_1', ''));
    h.clock.advance(300);
    h.feed(failed('u1'));
    expect(h.delegated()[0]?.lines).toEqual([{ role: 'user', text: 'deploy the' }]);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'transcription_failed', waitedMs: 300 });
  });

  it('an item never transcribed is given up 3 s after its commit; its late text goes to the next', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'));
    h.clock.advance(1_000);
    h.feed(handoff('call_1', 'check the build'));
    h.clock.advance(1_999);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'given_up', waitedMs: 2_000 });
    h.feed(userDone('check the build on main', 'u1'));
    h.feed(handoff('call_2')); // the given-up item holds nothing now
    expect(h.routed[1]?.outcome).toMatchObject({ reason: 'nothing_pending', waitedMs: 0 });
    expect([...h.delegated(), ...h.steered()][1]?.lines).toEqual([
      { role: 'user', text: 'check the build on main' },
    ]);
  });

  it('never waits past the 3 s cap', () => {
    const h = createHarness('v2');
    h.feed(started('u1'), handoff('call_1', 'wait for me'));
    h.clock.advance(3_000);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'cap', waitedMs: 3_000 });
  });

  it('speech starting in the window: waits for the new item too', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), handoff('call_1', ''));
    h.clock.advance(200);
    h.feed(started('u2'), userDone('deploy the browser host', 'u1'));
    expect(h.delegated()).toEqual([]);
    h.clock.advance(900);
    h.feed(committed('u2'), userDone('on the staging server', 'u2'));
    expect(h.delegated()[0]?.lines).toEqual([
      { role: 'user', text: 'deploy the browser host' },
      { role: 'user', text: 'on the staging server' },
    ]);
  });

  it('never holds audio: handle() returns at once and audio changes nothing', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), handoff('call_1', 'fix the tests'));
    for (let i = 0; i < 200; i++) expect(h.machine.handle(audio('item_a'))).toBeUndefined();
    expect(h.log).toEqual([]);
    expect(h.machine.isHolding).toBe(true);
    h.feed(userDone('fix the tests', 'u1'));
    expect(h.delegated()).toHaveLength(1);
  });

  it('a new socket forgets the old socket’s pending items', () => {
    const h = createHarness('v2');
    h.feed(committed('u1'), handoff('call_1', 'one'));
    h.machine.onSocketReplaced();
    expect(h.routed[0]?.outcome.reason).toBe('socket_replaced');
    h.feed(handoff('call_2', 'two'));
    expect(h.routed[1]?.outcome).toMatchObject({ reason: 'nothing_pending' });
  });
});

describe('HandoffMachine V1: settle on finalising events and the learned quiet gap', () => {
  it('scenario 4: a handoff after a completed transcript routes within ~300 ms', () => {
    const h = createHarness('v1');
    h.feed(userDelta('fix the '), userDone('fix the tests'), handoff('h1'));
    h.clock.advance(249);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()[0]?.text).toContain('user: fix the tests');
    expect(h.routed[0]?.outcome).toEqual({
      reason: 'finalised',
      waitedMs: 250,
      waitedFor: [],
      quietGapMs: 250,
    });
  });

  it('words finalised long before the handoff route at once', () => {
    const h = createHarness('v1');
    h.feed(userDelta('fix the tests'), userDone('fix the tests'));
    h.clock.advance(2_000);
    h.feed(handoff('h1'));
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'finalised', waitedMs: 0 });
  });

  it('after one finalised turn, a quiet gap learned from it ends the window early', () => {
    const h = createHarness('v1');
    h.feed(userDelta('hello there'));
    h.clock.advance(200);
    h.feed(userDone('Hello there.'), botDelta('Hi!'));
    h.clock.advance(5_000);
    h.feed(userDelta('open the '), handoff('h1'), userDelta('readme'));
    h.clock.advance(299);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1); // 200 ms lag + 100 ms margin after the last delta
    expect(h.delegated()[0]?.lines).toEqual([
      { role: 'user', text: 'Hello there.' },
      { role: 'assistant', text: 'Hi!' },
      { role: 'user', text: 'open the readme' },
    ]);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'quiet_gap', quietGapMs: 300 });
  });

  it('no user words at all: waits for the 1 s cap, then delegates the input', () => {
    const h = createHarness('v1');
    h.feed(handoff('h1', 'deploy to staging'));
    h.clock.advance(999);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()[0]?.text).toContain('<input>deploy to staging</input>');
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'cap', waitedMs: 1_000 });
  });

  it('deltas that keep coming are cut at 1 s; the rest goes to the next handoff', () => {
    const h = createHarness('v1');
    h.feed(userDelta('summarise '), handoff('h1'));
    for (let i = 0; i < 12; i++) {
      h.clock.advance(100);
      h.feed(userDelta(`w${i} `));
    }
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'cap', waitedMs: 1_000 });
    expect(h.delegated()[0]?.text).toContain('w8');
    expect(h.delegated()[0]?.text).not.toContain('w10');
  });

  it('a second handoff ends the first window at once', () => {
    const h = createHarness('v1');
    h.feed(userDelta('first job'), handoff('h1'));
    h.clock.advance(100);
    h.feed(userDelta(' and more'), handoff('h2', 'second job'));
    expect(h.delegated()[0]?.text).toContain('user: first job and more');
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'next_handoff', waitedMs: 100 });
    h.clock.advance(1_000);
    expect(h.steered()[0]?.text).toContain('<input>second job</input>');
    expect(h.steered()[0]?.text).not.toContain('first job');
  });

  it('a close ends the window at once', () => {
    const h = createHarness('v1');
    h.feed(userDelta('run the linter'), handoff('h1'));
    h.clock.advance(50);
    h.machine.onClosed();
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'closed', waitedMs: 50 });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('the same handoff reported twice is routed once', () => {
    const h = createHarness('v2');
    h.feed(userDone('fix it', 'u1'), handoff('call_1'), handoff('call_1'));
    h.clock.advance(1_000);
    h.feed(handoff('call_1'));
    expect(h.delegated()).toHaveLength(1);
    expect(h.steered()).toEqual([]);
  });

  it('a settle rule can be swapped in (the benchmark’s baselines use this)', () => {
    const h = createHarness('v1', {
      settle: () => ({
        observe: () => {},
        openWindow: () => ({
          decide: () => ({ route: true, reason: 'cap' }),
          detail: () => ({ waitedFor: [], quietGapMs: null }),
        }),
        routed: () => {},
      }),
    });
    h.feed(userDelta('now'), handoff('h1'));
    expect(h.delegated()).toHaveLength(1);
  });
});

describe('HandoffMachine dedupe across handoffs', () => {
  it('scenario 5: the second handoff carries only what came after the first', () => {
    const h = createHarness('v1');
    h.feed(userDelta('open the '), handoff('h1'), userDelta('file'), botDelta('Opening it.'));
    h.clock.advance(1_000);
    h.feed(userDelta('and run it'), botDelta('Running.'), handoff('h2'));
    h.clock.advance(1_000);
    expect(h.delegated()[0]?.text).toContain('user: open the file');
    const second = [...h.delegated(), ...h.steered()][1];
    expect(second?.lines).toEqual([
      { role: 'user', text: 'and run it' },
      { role: 'assistant', text: 'Running.' },
    ]);
  });

  it('V2: a late completed for a routed item adds only its new words (keyed on the item id)', () => {
    const h = createHarness('v2');
    h.feed(userDelta('delegated ', 'u1'), handoff('call_1')); // u1 was never committed: no wait
    h.feed(userDone('delegated query please', 'u1'), handoff('call_2'));
    const second = [...h.delegated(), ...h.steered()][1];
    expect(second?.lines).toEqual([{ role: 'user', text: 'query please' }]);
  });

  it('V2: a user repeating a phrase is a new utterance, delivered again (ids, not text)', () => {
    const h = createHarness('v2');
    h.feed(userDone('run the tests', 'u1'), handoff('call_1'));
    h.machine.deliverResult('call_1', 'All green.');
    h.feed(userDone('run the tests', 'u2'), handoff('call_2'));
    expect(h.delegated()[1]?.lines).toEqual([{ role: 'user', text: 'run the tests' }]);
  });

  it('V1: a late done for a routed entry adds only its new words', () => {
    const h = createHarness('v1');
    h.feed(userDelta('delegated '), handoff('h1'), userDelta('query'));
    h.clock.advance(1_000);
    h.feed(userDone('delegated query'), userDone('delegated query please'), handoff('h2'));
    h.clock.advance(1_000);
    const second = [...h.delegated(), ...h.steered()][1];
    expect(second?.lines).toEqual([{ role: 'user', text: 'please' }]);
  });

  it('a late done that adds nothing delegates nothing', () => {
    const h = createHarness('v2');
    h.feed(userDelta('delegated query', 'u1'), handoff('call_1'));
    h.feed(userDone('Delegated query.', 'u1'), handoff('call_2'));
    expect(h.steered()).toEqual([]);
    expect(h.routed[1]?.mode).toBe('empty');
  });

  it('nothing delegated when there are no words; V2 answers the call without a response', () => {
    const h = createHarness('v2');
    h.feed(handoff('call_1', '  '));
    expect(h.delegated()).toEqual([]);
    expect(h.routed[0]?.mode).toBe('empty');
    expect(h.kinds()).toEqual(['send:function_call_output']);
  });

  it('V1: nothing delegated and nothing sent when there are no words', () => {
    const h = createHarness('v1');
    h.feed(handoff('h1'));
    h.clock.advance(1_000);
    expect(h.log).toEqual([]);
    expect(h.routed[0]?.mode).toBe('empty');
  });
});
