import { describe, expect, it } from 'vitest';
import {
  audio,
  botDelta,
  createHarness,
  handoff,
  speechStarted,
  userDelta,
  userDone,
} from './handoff-harness';
import { FIXED_GRACE_SETTLE } from '../../../main/handoff/settle-window';

describe('HandoffMachine settle window', () => {
  for (const protocol of ['v1', 'v2'] as const) {
    it(`${protocol}: the seed — late user and assistant deltas inside the window are delegated`, () => {
      const h = createHarness(protocol);
      h.feed(
        userDelta('delegated '),
        handoff('h1', ''),
        userDelta('query'),
        botDelta('assist confirm'),
      );
      expect(h.delegated()).toEqual([]);
      h.clock.advance(1_000);
      const [request] = h.delegated();
      expect(h.delegated()).toHaveLength(1);
      expect(request?.text).toContain('user: delegated query');
      expect(request?.text).toContain('assistant: assist confirm');
      expect(request).toMatchObject({
        handoffId: 'h1',
        protocol,
        callId: protocol === 'v2' ? 'h1' : null,
        userWords: 'delegated query',
      });
    });
  }

  it('the seed with the late deltas spread over the window still catches them', () => {
    const h = createHarness('v1');
    h.feed(userDelta('delegated '), handoff('h1'));
    h.clock.advance(300);
    h.feed(userDelta('query'));
    h.clock.advance(400);
    h.feed(botDelta('assist confirm'));
    h.clock.advance(299);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()[0]?.text).toContain('user: delegated query');
    expect(h.delegated()[0]?.text).toContain('assistant: assist confirm');
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'cap', waitedMs: 1_000 });
  });

  it('scenario 4: a handoff after a completed transcript routes within ~300 ms', () => {
    const h = createHarness('v1');
    h.feed(userDelta('fix the '), userDone('fix the tests'), handoff('h1'));
    h.clock.advance(249);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()[0]?.text).toContain('user: fix the tests');
    expect(h.routed[0]?.outcome).toEqual({ reason: 'settled', waitedMs: 250, evidence: 'final' });
  });

  it('V2: a completed landing after the tool call routes at once when all was quiet', () => {
    const h = createHarness('v2');
    h.feed(speechStarted, handoff('call_1', 'fix the tests'));
    h.clock.advance(600);
    expect(h.delegated()).toEqual([]);
    h.feed(userDone('fix the tests please', 'item_u'));
    expect(h.delegated()).toHaveLength(1);
    expect(h.delegated()[0]?.text).toContain('<input>fix the tests</input>');
    expect(h.delegated()[0]?.text).toContain('user: fix the tests please');
    expect(h.routed[0]?.outcome).toEqual({ reason: 'settled', waitedMs: 600, evidence: 'final' });
  });

  it('V2: late deltas then a completed still get their 250 ms of quiet', () => {
    const h = createHarness('v2');
    h.feed(speechStarted, handoff('call_1', 'fix the tests'));
    h.clock.advance(600);
    h.feed(userDelta('fix the tests please', 'item_u'), userDone('fix the tests please', 'item_u'));
    h.clock.advance(249);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.routed[0]?.outcome).toEqual({ reason: 'settled', waitedMs: 850, evidence: 'final' });
  });

  it('quiet gap alone is weak: user deltas without a done wait for the cap', () => {
    const h = createHarness('v1');
    h.feed(userDelta('open the readme'), handoff('h1'));
    h.clock.advance(500);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(499);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()).toHaveLength(1);
    expect(h.routed[0]?.outcome).toMatchObject({ waitedMs: 1_000, evidence: 'partial' });
  });

  it('V2: speech resuming after a done keeps the window open until the new words are done', () => {
    const h = createHarness('v2');
    h.feed(userDone('deploy the browser host'), handoff('h1'));
    h.clock.advance(200);
    h.feed({ type: 'speech_started', itemId: 'u2' });
    h.clock.advance(300); // 250 ms after the first done would have routed here
    expect(h.delegated()).toEqual([]);
    h.feed({ type: 'input_transcript_done', transcript: 'on the staging server', itemId: 'u2' });
    h.clock.advance(250);
    expect(h.delegated()).toHaveLength(1);
    expect(h.delegated()[0]?.text).toContain('deploy the browser host');
    expect(h.delegated()[0]?.text).toContain('on the staging server');
  });

  it('no user words at all: waits for the 1,000 ms cap, then delegates the input', () => {
    const h = createHarness('v1');
    h.feed(handoff('h1', 'deploy to staging'));
    h.clock.advance(999);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()[0]?.text).toContain('<input>deploy to staging</input>');
    expect(h.delegated()[0]?.text).toContain('user: deploy to staging');
  });

  it('deltas that keep coming are cut at 1,000 ms; the rest goes to the next handoff', () => {
    const h = createHarness('v1');
    h.feed(userDone('summarise the log'), handoff('h1'));
    for (let i = 0; i < 12; i++) {
      h.clock.advance(100);
      h.feed(botDelta(`w${i} `));
    }
    expect(h.delegated()).toHaveLength(1);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'cap', waitedMs: 1_000 });
    expect(h.delegated()[0]?.text).toContain('w8');
    expect(h.delegated()[0]?.text).not.toContain('w10');
  });

  it('a second handoff ends the first window at once', () => {
    const h = createHarness('v1');
    h.feed(userDelta('first job'), handoff('h1'));
    h.clock.advance(100);
    h.feed(userDelta(' and more'), handoff('h2', 'second job'));
    expect(h.delegated()).toHaveLength(1);
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
    expect(h.delegated()).toHaveLength(1);
    expect(h.routed[0]?.outcome).toMatchObject({ reason: 'closed', waitedMs: 50 });
    expect(h.clock.pendingTimers()).toBe(0);
  });

  it('a socket replacement ends the window at once', () => {
    const h = createHarness('v2');
    h.feed(userDelta('run the linter'), handoff('call_1'));
    h.machine.onSocketReplaced();
    expect(h.routed[0]?.outcome.reason).toBe('socket_replaced');
    expect(h.delegated()).toHaveLength(1);
  });

  it('the fixed grace option holds every handoff for exactly 1 s', () => {
    const h = createHarness('v1', { settle: FIXED_GRACE_SETTLE });
    h.feed(userDone('fix the tests'), handoff('h1'));
    h.clock.advance(999);
    expect(h.delegated()).toEqual([]);
    h.clock.advance(1);
    expect(h.delegated()).toHaveLength(1);
  });

  it('never holds audio: handle() returns at once and audio changes nothing', () => {
    const h = createHarness('v2');
    const listeners: string[] = [];
    h.machine.on('routed', () => listeners.push('routed'));
    h.feed(userDone('fix the tests'), handoff('call_1'));
    for (let i = 0; i < 200; i++) {
      expect(h.machine.handle(audio('item_a'))).toBeUndefined();
    }
    expect(h.log).toEqual([]);
    expect(h.machine.isHolding).toBe(true);
    h.clock.advance(250); // audio did not move the deadline
    expect(h.delegated()).toHaveLength(1);
    expect(listeners).toEqual(['routed']);
    h.feed(audio('item_a'));
    expect(h.log).toHaveLength(1);
  });

  it('the same handoff reported twice is routed once', () => {
    const h = createHarness('v2');
    h.feed(userDone('fix it'), handoff('call_1'), handoff('call_1'));
    h.clock.advance(1_000);
    h.feed(handoff('call_1'));
    h.clock.advance(1_000);
    expect(h.delegated()).toHaveLength(1);
    expect(h.steered()).toEqual([]);
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
    expect(second?.text).not.toContain('open the');
    expect(second?.text).not.toContain('Opening');
  });

  it('a late done for a routed entry adds only its new words (Codex #35517)', () => {
    const h = createHarness('v1');
    h.feed(userDelta('delegated '), handoff('h1'), userDelta('query'));
    h.clock.advance(1_000);
    h.feed(userDone('delegated query'), userDone('delegated query please'));
    h.feed(handoff('h2'));
    h.clock.advance(1_000);
    const second = [...h.delegated(), ...h.steered()][1];
    expect(second?.lines).toEqual([{ role: 'user', text: 'please' }]);
    expect(second?.text).not.toContain('delegated');
  });

  it('a late done that adds nothing delegates nothing', () => {
    const h = createHarness('v2');
    h.feed(userDelta('delegated '), handoff('call_1'), userDelta('query'));
    h.clock.advance(1_000);
    h.feed(userDone('Delegated query.'), handoff('call_2'));
    h.clock.advance(1_000);
    expect(h.steered()).toEqual([]);
    expect(h.delegated()).toHaveLength(1);
    expect(h.routed[1]?.mode).toBe('empty');
  });

  it('nothing delegated when there are no words; V2 answers the call without a response', () => {
    const h = createHarness('v2');
    h.feed(handoff('call_1', '  '));
    h.clock.advance(1_000);
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
