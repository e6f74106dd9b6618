/**
 * Grammar-constrained recognition on real synthetic speech: every built-in and generated
 * workspace command spoken by espeak-ng and by flite (Debian packages) is recognised exactly,
 * and sentences that are no command are rejected rather than mapped onto the nearest command.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/base/logger';
import {
  loadGrammarRecognizer,
  type GrammarRecognizer,
} from '../../../main/offline/grammar-recognizer';
import { buildCommandSet, type OfflineCommand } from '../../../main/offline/offline-commands';
import { readWorkspaceFacts } from '../../../main/offline/workspace-facts';
import { makeSampleWorkspace } from '../../support/offline-workspace';
import {
  requireSpeaker,
  SPEAKERS,
  speakText,
  toRecognizerInput,
  type Speaker,
} from '../../support/spoken-commands';

/** Sentences that are no command, some sharing words with commands. */
const UNRELATED = [
  'the weather is nice today in paris',
  'please order me a pizza with mushrooms',
  'tell me a joke',
  'what time is it',
  'set a timer for ten minutes',
  'the quick brown fox jumps over the lazy dog',
  'can you hear me',
  'testing one two three',
  'play some music',
  'how are you doing today',
  'run the dishwasher',
  'what is the capital of france',
  'send an email to my boss',
  'turn off the lights',
];

const PAD = { before: 300, after: 300 };
let recognizer: GrammarRecognizer;
let commands: readonly OfflineCommand[];
let workspace: string;

beforeAll(async () => {
  requireSpeaker('espeak-ng');
  requireSpeaker('flite');
  workspace = makeSampleWorkspace();
  recognizer = await loadGrammarRecognizer(silentLogger);
  const { facts } = await readWorkspaceFacts(workspace);
  commands = buildCommandSet(facts, recognizer.lexicon).commands;
  recognizer.setCommands(commands);
});

afterAll(() => {
  recognizer?.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

function hear(speaker: Speaker, text: string) {
  return recognizer.recognize(toRecognizerInput(speakText(speaker, text, PAD).samples));
}

describe.each(SPEAKERS)('spoken by $program ($voice)', (speaker) => {
  it('recognises every built-in command exactly', () => {
    const builtIns = commands.filter((c) => c.source === 'built-in');
    expect(builtIns.length).toBeGreaterThanOrEqual(10);
    const heard = builtIns.map((c) => {
      const r = hear(speaker, c.phrase);
      return r.kind === 'command' ? r.phrase : `<${r.kind}>`;
    });
    expect(heard).toEqual(builtIns.map((c) => c.phrase));
  });

  it('recognises every generated workspace command exactly', () => {
    const generated = commands.filter((c) => c.source !== 'built-in');
    expect(generated.map((c) => c.phrase)).toEqual(
      expect.arrayContaining(['run the test unit script', 'make deploy', 'summarize read me md']),
    );
    const heard = generated.map((c) => {
      const r = hear(speaker, c.phrase);
      return r.kind === 'command' ? r.phrase : `<${r.kind}>`;
    });
    expect(heard).toEqual(generated.map((c) => c.phrase));
  });

  it('rejects sentences that are no command', () => {
    const accepted = UNRELATED.map((text) => ({ text, r: hear(speaker, text) })).filter(
      ({ r }) => r.kind === 'command',
    );
    expect(accepted).toEqual([]);
  });
});
