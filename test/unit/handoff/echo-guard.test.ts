import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../fakes/fake-clock';
import { EchoGuard, longestCommonRun } from '../../../main/handoff/echo-guard';

const RESULT = 'I ran the test suite: 42 tests passed and none failed. The build is green.';

function guard(ttlMs?: number) {
  const clock = new FakeClock();
  const echo = new EchoGuard(clock, { ttlMs });
  echo.remember(RESULT);
  return { clock, echo };
}

describe('EchoGuard', () => {
  it('recognises the output itself, ignoring case and punctuation', () => {
    const { echo } = guard();
    expect(echo.isEcho(RESULT)).toBe(true);
    expect(echo.isEcho(RESULT.toUpperCase().replace(/[.:]/g, ''))).toBe(true);
  });

  it('recognises the output wrapped in a few words', () => {
    const { echo } = guard();
    expect(echo.isEcho(`[background task result] ${RESULT}`)).toBe(true);
  });

  it('recognises a long piece of the output (a partial transcription of it spoken)', () => {
    const { echo } = guard();
    expect(echo.isEcho('42 tests passed and none failed the build')).toBe(true);
    // one misheard word at the edge still counts
    expect(echo.isEcho('the test suite 42 tests passed and none failed the bill')).toBe(true);
  });

  it('does not silence a short request that reuses a phrase of the output', () => {
    const { echo } = guard();
    expect(echo.isEcho('run the test suite')).toBe(false);
    expect(echo.isEcho('the build is green so deploy it to staging now please')).toBe(false);
  });

  it('does not treat unrelated or tiny texts as echoes', () => {
    const { echo } = guard();
    expect(echo.isEcho('open the readme and add install steps')).toBe(false);
    expect(echo.isEcho('green')).toBe(false);
    expect(echo.isEcho('')).toBe(false);
  });

  it('forgets outputs after the TTL', () => {
    const { clock, echo } = guard(1_000);
    clock.advance(1_000);
    expect(echo.isEcho(RESULT)).toBe(true);
    clock.advance(1);
    expect(echo.isEcho(RESULT)).toBe(false);
  });

  it('keeps only the most recent outputs', () => {
    const clock = new FakeClock();
    const echo = new EchoGuard(clock, { maxOutputs: 2 });
    echo.remember('alpha beta gamma delta');
    echo.remember('one two three four');
    echo.remember('red green blue yellow');
    expect(echo.isEcho('alpha beta gamma delta')).toBe(false);
    expect(echo.isEcho('one two three four')).toBe(true);
    echo.clear();
    expect(echo.isEcho('red green blue yellow')).toBe(false);
  });

  it('longestCommonRun counts consecutive shared words', () => {
    expect(longestCommonRun(['a', 'b', 'c', 'x'], ['z', 'a', 'b', 'c'])).toBe(3);
    expect(longestCommonRun(['a', 'x', 'b'], ['a', 'b'])).toBe(1);
    expect(longestCommonRun([], ['a'])).toBe(0);
  });
});
