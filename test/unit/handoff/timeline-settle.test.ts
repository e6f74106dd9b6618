import { describe, expect, it } from 'vitest';
import {
  TimelineSettle,
  type RoutedDelegation,
  type TimelineSettleOptions,
} from '../../../main/handoff/timeline-settle';
import { FakeClock } from '../../fakes/fake-clock';

function settle(options: Partial<TimelineSettleOptions> = {}) {
  const clock = new FakeClock(10_000);
  const routed: (RoutedDelegation & { at: number })[] = [];
  const rule = new TimelineSettle({
    clock,
    onRoute: (r) => routed.push({ ...r, at: clock.now() }),
    ...options,
  });
  const user = (text: string, startMs: number, endMs: number) =>
    rule.noteFragment({ role: 'user', text, startMs, endMs });
  const assistant = (text: string, startMs: number, endMs: number) =>
    rule.noteFragment({ role: 'assistant', text, startMs, endMs });
  return { clock, routed, rule, user, assistant };
}

describe('TimelineSettle: when a delegation routes', () => {
  it('a fragment past the offset arrives after the event: routes the moment it arrives', () => {
    const { clock, routed, rule, user } = settle();
    user(' run the', 1_000, 1_200);
    clock.advance(30);
    rule.noteDelegation('del_1', 1_200); // offset = start of the last user fragment
    clock.advance(140);
    expect(routed).toEqual([]);
    user(' tests', 1_200, 1_400); // the fragment covering the offset, late
    expect(routed).toHaveLength(1);
    expect(routed[0]).toMatchObject({
      delegationId: 'del_1',
      reason: 'passed',
      waitedMs: 140,
      passedAfterMs: 140,
      lines: [{ role: 'user', text: 'run the tests' }],
    });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('the transcript had already passed the offset: routes at once', () => {
    const { routed, rule, user, assistant } = settle();
    user('run the tests', 1_000, 1_400);
    assistant('On it.', 1_500, 1_700);
    rule.noteDelegation('del_1', 1_000);
    expect(routed).toHaveLength(1);
    expect(routed[0]).toMatchObject({
      reason: 'already_passed',
      waitedMs: 0,
      lines: [{ role: 'user', text: 'run the tests' }],
    });
  });

  it('a fragment of the assistant passes it too', () => {
    const { routed, rule, user, assistant } = settle();
    user('check the build', 500, 900);
    rule.noteDelegation('del_1', 900);
    assistant('Sure,', 950, 1_150);
    expect(routed[0]?.reason).toBe('passed');
  });

  it("passBy 'user': the assistant's lead-in does not pass the offset, the user's words do", () => {
    const { routed, rule, user, assistant } = settle({ passBy: 'user' });
    user('check the', 500, 900);
    rule.noteDelegation('del_1', 900);
    assistant('Sure,', 950, 1_150);
    expect(routed).toEqual([]);
    user(' build', 900, 1_100);
    expect(routed[0]).toMatchObject({
      reason: 'passed',
      lines: [{ role: 'user', text: 'check the build' }],
    });
  });

  it('a fragment ending exactly at the offset does not pass it', () => {
    const { clock, routed, rule, user } = settle();
    rule.noteDelegation('del_1', 1_200);
    user('tests', 1_000, 1_200);
    expect(routed).toEqual([]);
    clock.advance(1_500);
    expect(routed[0]).toMatchObject({ reason: 'cap', passedAfterMs: null });
  });

  it('no fragment ever passes: routes at the 1,500 ms cap with what arrived', () => {
    const { clock, routed, rule, user } = settle();
    user('deploy it', 2_000, 2_300);
    rule.noteDelegation('del_1', 2_300);
    clock.advance(1_499);
    expect(routed).toEqual([]);
    clock.advance(1);
    expect(routed[0]).toMatchObject({
      reason: 'cap',
      waitedMs: 1_500,
      lines: [{ role: 'user', text: 'deploy it' }],
    });
  });

  it('the same delegation reported twice is routed once', () => {
    const { routed, rule, user } = settle();
    user('a', 0, 500);
    expect(rule.noteDelegation('del_1', 100)).toBe(true);
    expect(rule.noteDelegation('del_1', 100)).toBe(false);
    user('b', 500, 900);
    expect(routed.map((r) => r.delegationId)).toEqual(['del_1']);
  });

  it('two outstanding delegations route independently, in order, each with its own words', () => {
    const { clock, routed, rule, user, assistant } = settle();
    user('run the tests', 1_000, 1_400);
    rule.noteDelegation('del_1', 1_400);
    user(' and lint', 1_400, 1_600);
    clock.advance(100);
    rule.noteDelegation('del_2', 1_600);
    expect(routed).toHaveLength(1); // ' and lint' passed del_1 only
    expect(routed[0]?.lines).toEqual([{ role: 'user', text: 'run the tests and lint' }]);
    expect(rule.heldCount).toBe(1);
    assistant('Both on it.', 1_700, 1_900);
    expect(routed.map((r) => r.delegationId)).toEqual(['del_1', 'del_2']);
    // del_2 carries nothing that del_1 had; its words were all taken already.
    expect(routed[1]?.lines).toEqual([]);
  });

  it('a late fragment passing an offset takes only the words up to it', () => {
    const { routed, rule, user } = settle();
    user('open the readme', 0, 600);
    rule.noteDelegation('del_1', 600);
    user(' then fix the typo', 2_000, 2_600);
    rule.noteDelegation('del_2', 2_600);
    expect(routed).toHaveLength(1);
    expect(routed[0]?.lines).toEqual([{ role: 'user', text: 'open the readme' }]);
    user(' in it', 2_600, 2_800);
    expect(routed[1]).toMatchObject({
      delegationId: 'del_2',
      lines: [{ role: 'user', text: 'then fix the typo in it' }],
    });
  });
});

describe('TimelineSettle: what a delegation carries', () => {
  it('the text since the previous delegation, never a word twice', () => {
    const { routed, rule, user, assistant } = settle();
    assistant('What can I do?', 0, 800);
    user('run the tests', 1_000, 1_600);
    rule.noteDelegation('del_1', 1_000);
    assistant('Running them.', 1_700, 2_200);
    user('and the linter', 3_000, 3_600);
    rule.noteDelegation('del_2', 3_000);
    assistant('Sure.', 3_700, 3_900);
    expect(routed.map((r) => r.lines)).toEqual([
      [
        { role: 'assistant', text: 'What can I do?' },
        { role: 'user', text: 'run the tests' },
      ],
      [
        { role: 'assistant', text: 'Running them.' },
        { role: 'user', text: 'and the linter' },
      ],
    ]);
  });

  it('words after the offset wait for the next delegation instead of being lost', () => {
    const { clock, routed, rule, user } = settle();
    user('build it', 0, 400);
    rule.noteDelegation('del_1', 0);
    user(' now', 400, 600);
    user('oh and also tag it', 2_000, 2_600);
    clock.advance(5_000);
    rule.noteDelegation('del_2', 2_000);
    expect(routed.map((r) => r.lines)).toEqual([
      [{ role: 'user', text: 'build it' }],
      [
        { role: 'user', text: 'now' },
        { role: 'user', text: 'oh and also tag it' },
      ],
    ]);
  });

  it('a pause longer than the turn gap starts a new line; a role change always does', () => {
    const { routed, rule, user, assistant } = settle();
    user('hello', 0, 200);
    user(' there', 250, 400);
    user('run it', 1_500, 1_800);
    assistant('ok', 1_900, 2_000);
    rule.noteDelegation('del_1', 1_900);
    expect(routed[0]?.lines).toEqual([
      { role: 'user', text: 'hello there' },
      { role: 'user', text: 'run it' },
      { role: 'assistant', text: 'ok' },
    ]);
  });

  it('fragments without times count as before the offset', () => {
    const { clock, routed, rule } = settle();
    rule.noteFragment({ role: 'user', text: 'untimed words' });
    rule.noteDelegation('del_1', 0);
    clock.advance(1_500);
    expect(routed[0]?.lines).toEqual([{ role: 'user', text: 'untimed words' }]);
  });
});

describe('TimelineSettle: sockets and lifetime', () => {
  it('a lost socket routes what is held; the new timeline starts over', () => {
    const { clock, routed, rule, user } = settle();
    user('run the tests', 5_000, 5_400);
    rule.noteDelegation('del_1', 5_400);
    clock.advance(200);
    rule.socketLost();
    expect(routed[0]).toMatchObject({
      reason: 'closed',
      waitedMs: 200,
      lines: [{ role: 'user', text: 'run the tests' }],
    });
    rule.noteDelegation('del_2', 300);
    expect(routed).toHaveLength(1); // 5,400 on the old timeline does not pass 300 on the new
    user('again', 100, 400);
    expect(routed[1]).toMatchObject({ reason: 'passed', lines: [{ role: 'user', text: 'again' }] });
  });

  it('words left from the old socket go with the first delegation of the new one', () => {
    const { routed, rule, user } = settle();
    user('first', 5_000, 5_400);
    rule.noteDelegation('del_1', 5_000);
    user('second', 6_000, 6_400);
    rule.socketLost();
    rule.noteDelegation('del_2', 300);
    user('again', 100, 400);
    expect(routed.map((r) => r.lines)).toEqual([
      [{ role: 'user', text: 'first' }],
      [
        { role: 'user', text: 'second' },
        { role: 'user', text: 'again' },
      ],
    ]);
  });

  it('the fixed-grace baseline waits the whole cap even when the transcript passed', () => {
    const { clock, routed, rule, user } = settle({ routeOnPass: false, capMs: 1_000 });
    rule.noteDelegation('del_1', 100);
    user('now', 100, 300);
    expect(routed).toEqual([]);
    clock.advance(1_000);
    expect(routed[0]).toMatchObject({ reason: 'passed', waitedMs: 1_000, passedAfterMs: 0 });
  });

  it('bounds what it keeps and drops held delegations on dispose', () => {
    const { clock, routed, rule, user } = settle({ maxFragments: 3 });
    for (let i = 0; i < 5; i++) user(`w${i} `, i * 100, i * 100 + 50);
    expect(rule.droppedFragments).toBe(2);
    rule.noteDelegation('del_1', 10_000);
    rule.dispose();
    rule.dispose();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(5_000);
    user('late', 20_000, 20_500);
    expect(routed).toEqual([]);
  });
});
