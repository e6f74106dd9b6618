import { describe, expect, it } from 'vitest';
import { identifierTokens, numberWords, speakableWords } from '../../../main/offline/spoken-words';

const lexicon = (words: string[]) => {
  const set = new Set(words);
  return { has: (w: string) => set.has(w) };
};

describe('speakable words', () => {
  it('splits identifiers at punctuation, camelCase and digits', () => {
    expect(identifierTokens('test:unit')).toEqual(['test', 'unit']);
    expect(identifierTokens('buildProd2')).toEqual(['build', 'prod', '2']);
    expect(identifierTokens('README.md')).toEqual(['readme', 'md']);
    expect(identifierTokens('--')).toEqual([]);
  });

  it('says numbers as words', () => {
    expect(numberWords(7)).toEqual(['seven']);
    expect(numberWords(42)).toEqual(['forty', 'two']);
    expect(numberWords(90)).toEqual(['ninety']);
    expect(numberWords(100)).toBeNull();
  });

  it('splits compounds into dictionary words, spells short unknown tokens, and gives up on the rest', () => {
    const words = lexicon([
      'read',
      'me',
      'm',
      'd',
      'type',
      'check',
      'e',
      's',
      'lint',
      'one',
      'two',
      'three',
    ]);
    expect(speakableWords('README.md', words)).toEqual(['read', 'me', 'm', 'd']);
    expect(speakableWords('typecheck', words)).toEqual(['type', 'check']);
    expect(speakableWords('es-lint', words)).toEqual(['e', 's', 'lint']);
    expect(speakableWords('v123', lexicon(['v', 'one', 'two', 'three']))).toEqual([
      'v',
      'one',
      'two',
      'three',
    ]);
    expect(speakableWords('quuxification', words)).toBeNull();
    expect(speakableWords('', words)).toBeNull();
  });

  it('knows the developer words the dictionary lacks', () => {
    expect(speakableWords('package.json', lexicon(['package']))).toEqual(['package', 'json']);
    expect(speakableWords('tsconfig.json', lexicon([]))).toEqual(['tsconfig', 'json']);
  });
});
