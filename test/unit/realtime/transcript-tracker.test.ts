import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { TranscriptTracker } from '../../../main/realtime/transcript-tracker';
import { utf8Length } from '../../../main/realtime/text-bounds';

const userDelta = (delta: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'input_transcript_delta',
  delta,
  itemId,
});
const userDone = (transcript: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'input_transcript_done',
  transcript,
  itemId,
});
const botDelta = (delta: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'output_transcript_delta',
  delta,
  itemId,
});
const botDone = (transcript: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'output_transcript_done',
  transcript,
  itemId,
});
const speechStarted: RealtimeEvent = { type: 'speech_started', itemId: null };
const responseCreated: RealtimeEvent = { type: 'response_created', responseId: null };

function feed(tracker: TranscriptTracker, ...events: RealtimeEvent[]): void {
  for (const event of events) tracker.apply(event);
}

function texts(tracker: TranscriptTracker): string[] {
  return tracker.entries().map((e) => `${e.role}: ${e.text}`);
}

describe('TranscriptTracker list rules', () => {
  it('a delta appends to the last same-role entry, across the other role', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('hel'), botDelta('O'), userDelta('lo'), botDelta('k'));
    expect(texts(t)).toEqual(['user: hello', 'assistant: Ok']);
  });

  it('a done replaces the text of the last same-role entry', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('helo wrld'), botDelta('hi'), userDone('Hello world.'));
    expect(texts(t)).toEqual(['user: Hello world.', 'assistant: hi']);
    expect(t.isLastFinal('user')).toBe(true);
    expect(t.isLastFinal('assistant')).toBe(false);
  });

  it('a done with no entry of its role starts one', () => {
    const t = new TranscriptTracker();
    expect(t.apply(botDone('Sure.'))).toBe(true);
    expect(texts(t)).toEqual(['assistant: Sure.']);
  });

  it('empty text is ignored', () => {
    const t = new TranscriptTracker();
    expect(t.apply(userDelta(''))).toBe(false);
    expect(t.apply(userDone('   '))).toBe(false);
    feed(t, userDelta('a'));
    expect(t.apply(userDone(''))).toBe(false);
    expect(texts(t)).toEqual(['user: a']);
  });

  it('SpeechStarted forces a new user entry', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('first'), speechStarted, userDelta('second'));
    expect(texts(t)).toEqual(['user: first', 'user: second']);
  });

  it('ResponseCreated forces a new assistant entry', () => {
    const t = new TranscriptTracker();
    feed(t, botDelta('one'), responseCreated, botDelta('two'));
    expect(texts(t)).toEqual(['assistant: one', 'assistant: two']);
  });

  it('a forced new entry applies once: the next delta appends to it', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('a'), speechStarted, userDelta('b'), userDelta('c'));
    expect(texts(t)).toEqual(['user: a', 'user: bc']);
  });

  it('a delta after a done starts a new entry (V1 has no speech-started)', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('hi'), userDone('Hi.'), userDelta('next'));
    expect(texts(t)).toEqual(['user: Hi.', 'user: next']);
  });

  it('after SpeechStarted, a late done for the previous utterance updates it', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('hello wor'), speechStarted, userDone('Hello world'));
    expect(texts(t)).toEqual(['user: Hello world']);
  });

  it('after SpeechStarted, a done for different words is a new utterance', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('hello'), speechStarted, userDone('goodbye'));
    expect(texts(t)).toEqual(['user: hello', 'user: goodbye']);
  });

  it('a second done after a final one: revision when it continues, else new entry', () => {
    const t = new TranscriptTracker();
    feed(t, userDone('hello'), userDone('hello there'));
    expect(texts(t)).toEqual(['user: hello there']);
    feed(t, userDone('bye'));
    expect(texts(t)).toEqual(['user: hello there', 'user: bye']);
  });

  it('item ids: a different item starts a new entry; a known item is updated in place', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('one ', 'u1'), userDelta('two', 'u2'), userDelta('more', 'u1'));
    expect(texts(t)).toEqual(['user: one more', 'user: two']);
    feed(t, speechStarted, userDone('One more.', 'u1'), userDone('Two.', 'u2'));
    expect(texts(t)).toEqual(['user: One more.', 'user: Two.']);
  });

  it('a late delta for an older item goes to that item, even after a forced new entry', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the', 'u1'), speechStarted, userDelta(' tests', 'u1'));
    expect(texts(t)).toEqual(['user: run the tests']);
  });

  it('forceNewEntry works for the hold-to-talk key', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('a'));
    t.forceNewEntry('user');
    feed(t, userDelta('b'));
    expect(texts(t)).toEqual(['user: a', 'user: b']);
  });

  it('apply returns false for events that are not transcript text', () => {
    const t = new TranscriptTracker();
    expect(t.apply(speechStarted)).toBe(false);
    expect(t.apply({ type: 'response_done', responseId: null })).toBe(false);
    expect(
      t.apply({ type: 'handoff_requested', handoffId: 'h', itemId: null, inputTranscript: 'x' }),
    ).toBe(false);
    expect(t.entries()).toEqual([]);
  });
});

describe('TranscriptTracker handoffs', () => {
  it('the seed: late user and assistant deltas before routing are carried', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('delegated '));
    // handoff event arrives (input_transcript empty); the window keeps collecting
    feed(t, userDelta('query'), botDelta('assist confirm'));
    expect(t.takeSinceLastHandoff('')).toEqual([
      { role: 'user', text: 'delegated query' },
      { role: 'assistant', text: 'assist confirm' },
    ]);
  });

  it('the second handoff carries only what came after the first', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('first request'), botDelta('on it'));
    expect(t.takeSinceLastHandoff()).toHaveLength(2);
    feed(t, userDelta('second request'), botDelta('sure'));
    expect(t.takeSinceLastHandoff()).toEqual([
      { role: 'user', text: 'second request' },
      { role: 'assistant', text: 'sure' },
    ]);
    expect(t.takeSinceLastHandoff()).toEqual([]);
  });

  it('routing forces new entries for both roles', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('abc'), botDelta('xyz'));
    t.takeSinceLastHandoff();
    feed(t, userDelta('def'), botDelta('uvw'));
    expect(texts(t)).toEqual(['user: abc', 'assistant: xyz', 'user: def', 'assistant: uvw']);
  });

  it('appends the input transcript as a user entry when not present', () => {
    const t = new TranscriptTracker();
    feed(t, botDelta('let me check'));
    expect(t.takeSinceLastHandoff('  run the tests  ')).toEqual([
      { role: 'assistant', text: 'let me check' },
      { role: 'user', text: 'run the tests' },
    ]);
    // It is an entry now, and a closed one: later deltas do not append to it.
    feed(t, userDelta('and lint'));
    expect(texts(t)).toEqual(['assistant: let me check', 'user: run the tests', 'user: and lint']);
  });

  it('does not append the input transcript when already present (case and punctuation aside)', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('Please, run the tests now.'));
    expect(t.takeSinceLastHandoff('run the Tests')).toEqual([
      { role: 'user', text: 'Please, run the tests now.' },
    ]);
  });

  it('an input that is only part of a word is not "present"', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('testing'));
    expect(t.takeSinceLastHandoff('test')).toEqual([
      { role: 'user', text: 'testing' },
      { role: 'user', text: 'test' },
    ]);
  });

  it('a blank input transcript adds nothing', () => {
    const t = new TranscriptTracker();
    expect(t.takeSinceLastHandoff('   ')).toEqual([]);
    expect(t.takeSinceLastHandoff('…')).toEqual([]);
    expect(t.entries()).toEqual([]);
  });

  it('peek shows what take would return and changes nothing', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('do x'));
    expect(t.peekSinceLastHandoff('do y')).toEqual([
      { role: 'user', text: 'do x' },
      { role: 'user', text: 'do y' },
    ]);
    expect(t.peekSinceLastHandoff()).toEqual([{ role: 'user', text: 'do x' }]);
    expect(t.hasPending()).toBe(true);
    expect(t.takeSinceLastHandoff('do y')).toHaveLength(2);
    expect(t.hasPending()).toBe(false);
  });
});

describe('TranscriptTracker late done after routing (Codex #35517)', () => {
  it('a late done equal to the delivered text adds nothing to the next handoff', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('delegated query'));
    t.takeSinceLastHandoff();
    feed(t, userDone('Delegated query.'));
    expect(texts(t)).toEqual(['user: Delegated query.']);
    feed(t, userDelta('something else'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'something else' }]);
  });

  it('a late done that begins with delivered text contributes only the new words', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('delegated qu'));
    t.takeSinceLastHandoff();
    feed(t, userDone('Delegated query, please hurry.'));
    expect(t.entries()).toHaveLength(1);
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'please hurry.' }]);
  });

  it('late deltas then the done: fragments merge back, only new words are delivered', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the'));
    t.takeSinceLastHandoff();
    feed(t, userDelta(' tests'), botDelta('on it'));
    expect(texts(t)).toEqual(['user: run the', 'user:  tests', 'assistant: on it']);
    feed(t, userDone('Run the tests.'));
    expect(texts(t)).toEqual(['user: Run the tests.', 'assistant: on it']);
    expect(t.takeSinceLastHandoff()).toEqual([
      { role: 'user', text: 'tests.' },
      { role: 'assistant', text: 'on it' },
    ]);
  });

  it('fragments routed by two handoffs, then the done: nothing is delivered twice', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'run the' }]);
    feed(t, userDelta(' tests'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'tests' }]);
    feed(t, userDone('run the tests'));
    expect(t.takeSinceLastHandoff()).toEqual([]);
    expect(texts(t)).toEqual(['user: run the tests']);
  });

  it('a late done shorter than what was delivered (a revision) is not new', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the tests now'));
    t.takeSinceLastHandoff();
    feed(t, userDone('run the tests'));
    expect(t.takeSinceLastHandoff()).toEqual([]);
  });

  it('a new utterance completed after routing is delivered in full', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the tests'));
    t.takeSinceLastHandoff();
    feed(t, userDone('And then fix the lint errors.'));
    expect(t.takeSinceLastHandoff()).toEqual([
      { role: 'user', text: 'And then fix the lint errors.' },
    ]);
  });

  it('V2 with item ids: late deltas and done for a routed item count only new words', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('check the ', 'u1'));
    t.takeSinceLastHandoff('check the build');
    feed(t, userDelta('build', 'u1'), userDone('Check the build', 'u1'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'build' }]);
  });

  it('the assistant lead-in follows the same rule', () => {
    const t = new TranscriptTracker();
    feed(t, botDelta('On it'));
    t.takeSinceLastHandoff();
    feed(t, botDone("On it, I'll ask the agent."));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'assistant', text: "I'll ask the agent." }]);
  });

  it('an earlier delivered utterance is not merged with a new one', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('yes'));
    t.takeSinceLastHandoff();
    feed(t, userDelta('no'), userDone('no thanks'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'no thanks' }]);
    expect(texts(t)).toEqual(['user: yes', 'user: no thanks']);
  });
});

describe('TranscriptTracker bookkeeping', () => {
  it('entries() reports pending words per entry', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('a b'));
    t.takeSinceLastHandoff();
    feed(t, userDone('a b c'));
    expect(t.entries()).toEqual([
      { role: 'user', text: 'a b c', itemId: null, final: true, pending: 'c' },
    ]);
  });

  it('clear forgets entries and forced flags', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('a'), speechStarted);
    t.clear();
    feed(t, userDelta('b'), userDelta('c'));
    expect(texts(t)).toEqual(['user: bc']);
  });

  it('bounds the list, dropping delivered entries first', () => {
    const t = new TranscriptTracker({ maxEntries: 3 });
    feed(t, userDone('one'), botDone('two'));
    t.takeSinceLastHandoff();
    feed(t, userDone('three'), botDone('four'));
    expect(texts(t)).toEqual(['assistant: two', 'user: three', 'assistant: four']);
    feed(t, userDone('five'), botDone('six'));
    expect(t.entries()).toHaveLength(3);
    expect(t.takeSinceLastHandoff().map((l) => l.text)).toEqual(['four', 'five', 'six']);
  });
});

describe('TranscriptTracker: one entry per utterance', () => {
  it("the seed's exact sequence gives three entries, in order", () => {
    const t = new TranscriptTracker();
    feed(t, botDelta('assistant context'), userDelta('delegated '));
    // the handoff arrives here (input_transcript empty); the window keeps collecting
    feed(t, userDelta('query'), botDelta('assist confirm'));
    expect(texts(t)).toEqual([
      'assistant: assistant context',
      'user: delegated query',
      'assistant: assist confirm',
    ]);
    expect(t.takeSinceLastHandoff('')).toEqual([
      { role: 'assistant', text: 'assistant context' },
      { role: 'user', text: 'delegated query' },
      { role: 'assistant', text: 'assist confirm' },
    ]);
  });

  it("the user's lagging words join their open utterance across an assistant lead-in", () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the '), botDelta('Sure, '), userDelta('tests'), botDelta('on it.'));
    expect(texts(t)).toEqual(['user: run the tests', 'assistant: Sure, on it.']);
  });

  it("a late assistant done still updates the assistant's utterance across the user's turn", () => {
    const t = new TranscriptTracker();
    feed(t, botDelta('assistant cont'), userDelta('delegated'), botDone('Assistant context.'));
    expect(texts(t)).toEqual(['assistant: Assistant context.', 'user: delegated']);
  });

  it('V2: speech_started with an item id keeps the user utterance before the lead-in', () => {
    const t = new TranscriptTracker();
    feed(
      t,
      { type: 'speech_started', itemId: 'u1' },
      botDelta('Let me check. ', 'a1'),
      userDelta('why is the build red', 'u1'),
      botDelta('Looking now.', 'a1'),
    );
    expect(texts(t)).toEqual([
      'user: why is the build red',
      'assistant: Let me check. Looking now.',
    ]);
  });

  it('V2: a committed item gets its place when no speech_started came (hold-to-talk)', () => {
    const t = new TranscriptTracker();
    feed(
      t,
      { type: 'input_audio_committed', itemId: 'u1', previousItemId: null },
      botDelta('One moment.', 'a1'),
      userDone('open the changelog', 'u1'),
    );
    expect(texts(t)).toEqual(['user: open the changelog', 'assistant: One moment.']);
  });

  it('an utterance begun without an id takes the first id its text brings', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('fix '));
    feed(t, userDelta('the tests', 'u1'), userDone('Fix the tests.', 'u1'));
    expect(t.entries()).toEqual([
      {
        role: 'user',
        text: 'Fix the tests.',
        itemId: 'u1',
        final: true,
        pending: 'Fix the tests.',
      },
    ]);
  });

  it('dedupe is keyed on item ids: the same words in a new item are delivered again', () => {
    const t = new TranscriptTracker();
    feed(t, userDone('run the tests', 'u1'));
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'run the tests' }]);
    feed(t, userDone('Run the tests.', 'u1')); // a late revision of u1: nothing new
    expect(t.peekSinceLastHandoff()).toEqual([]);
    feed(t, userDone('run the tests', 'u2')); // the user said it again
    expect(t.takeSinceLastHandoff()).toEqual([{ role: 'user', text: 'run the tests' }]);
  });

  it('a done with an id never merges into entries by their words', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('run the', 'u1'));
    t.takeSinceLastHandoff();
    feed(t, userDone('run the tests', 'u2'));
    expect(texts(t)).toEqual(['user: run the', 'user: run the tests']);
  });

  it('an empty done (turn_marked without text) finalises the open utterance', () => {
    const t = new TranscriptTracker();
    feed(t, userDelta('stop the build'), userDone(''));
    expect(t.isLastFinal('user')).toBe(true);
    feed(t, userDelta('and restart it'));
    expect(texts(t)).toEqual(['user: stop the build', 'user: and restart it']);
  });
});

describe('TranscriptTracker bounds', () => {
  it('an utterance keeps its newest 8 KB and says how many undelivered words were cut', () => {
    const t = new TranscriptTracker();
    for (let i = 0; i < 5_000; i++) feed(t, userDelta(`w${i} `));
    const [entry] = t.entries();
    expect(utf8Length(entry?.text ?? '')).toBeLessThanOrEqual(8 * 1024);
    expect(entry?.text.trim().endsWith('w4999')).toBe(true);
    const [line] = t.takeSinceLastHandoff();
    expect(line?.text.startsWith('w')).toBe(true); // cut at a word boundary
    const kept = line?.text.split(' ').length ?? 0;
    expect((line?.cutWords ?? 0) + kept).toBe(5_000);
    // What was delivered stays delivered: more words count from where it ended.
    feed(t, userDelta('tail words'));
    expect(t.peekSinceLastHandoff()).toEqual([{ role: 'user', text: 'tail words' }]);
  });

  it('a done larger than the bound keeps its newest words; delivered words stay delivered', () => {
    const t = new TranscriptTracker({ maxEntryBytes: 64 });
    feed(t, userDelta('one two three'));
    t.takeSinceLastHandoff();
    const long = `one two three ${Array.from({ length: 40 }, (_, i) => `n${i}`).join(' ')}`;
    feed(t, userDone(long));
    const [line] = t.takeSinceLastHandoff();
    expect(line?.text.endsWith('n39')).toBe(true);
    expect(utf8Length(line?.text ?? '')).toBeLessThanOrEqual(64);
    expect((line?.cutWords ?? 0) + (line?.text.split(' ').length ?? 0)).toBe(40);
  });

  it('a 15 MB flood of deltas stays bounded', () => {
    const t = new TranscriptTracker();
    const chunk = 'lorem ipsum dolor sit amet '.repeat(40); // ~1 KB
    for (let i = 0; i < 15_000; i++) {
      t.appendDelta(i % 3 === 0 ? 'assistant' : 'user', chunk);
      if (i % 1_000 === 0) t.forceNewEntry('user');
    }
    const entries = t.entries();
    expect(entries.length).toBeLessThanOrEqual(200);
    for (const e of entries) expect(utf8Length(e.text)).toBeLessThanOrEqual(8 * 1024);
  });

  it('at most 200 entries: the oldest delivered go first, the newest is never dropped', () => {
    const t = new TranscriptTracker();
    for (let i = 0; i < 150; i++) feed(t, userDone(`old ${i}`), botDone(`reply ${i}`));
    t.takeSinceLastHandoff();
    for (let i = 0; i < 300; i++)
      feed(t, userDone(`new ${i}`), { type: 'speech_started', itemId: null });
    expect(t.entries()).toHaveLength(200);
    expect(t.entries().at(-1)?.text).toBe('new 299');
    expect(t.entries().every((e) => e.text.startsWith('new'))).toBe(true);
  });
});
