import { describe, expect, it } from 'vitest';
import { localCommandsIn } from '../../../main/app/offline-requests';
import { buildDelegationText } from '../../../main/handoff/delegation-text';
import { buildCommandSet, delegatedRequests } from '../../../main/offline/offline-commands';

const facts = { npmScripts: ['test', 'a&b'], makeTargets: [], files: ['x<y>.md'] };
const requests = delegatedRequests(buildCommandSet(facts, { has: () => true }, 'posix').commands);
const request = (phrase: string): string => requests.find((r) => r.phrase === phrase)!.request;

/** The envelope the handoff machine gives the delegate for the engine's `background_agent` call. */
function envelope(prompt: string): string {
  const lines = [{ role: 'user' as const, text: '[user] run the tests' }];
  return buildDelegationText(prompt, lines)!;
}

const steps = (plan: ReturnType<typeof localCommandsIn>): string[] =>
  plan.ok
    ? plan.value.flatMap((l) => (l.kind === 'run' ? l.steps.map((s) => s.command) : [l.kind]))
    : [];

describe('the local commands a delegation text carries', () => {
  it('finds the engine’s request inside the envelope, escaped as the envelope escapes it', () => {
    const text = envelope(`Run the tests. ${request('run the tests')}`);
    expect(steps(localCommandsIn(text, requests))).toEqual(['npm test --silent']);
    const odd = envelope(`Npm run a&b. ${request('run the a b script')}`);
    expect(odd).toContain('a&amp;b');
    expect(steps(localCommandsIn(odd, requests))).toEqual(["npm run 'a&b' --silent"]);
    const file = envelope(
      `Summarize x. ${requests.find((r) => r.request.includes('x<y>.md'))!.request}`,
    );
    expect(steps(localCommandsIn(file, requests))).toEqual(["head -n 40 'x<y>.md'"]);
  });

  it('a queued task amended with a second request runs both, in the order they were asked', () => {
    const text = [
      envelope(`Show the git status. ${request('show the git status')}`),
      envelope(`Run the tests. ${request('run the tests')}`),
    ].join('\n\n');
    expect(steps(localCommandsIn(text, requests))).toEqual([
      'git status --short --branch',
      'npm test --silent',
    ]);
  });

  it('a request with no local command, or that is not the engine’s, fails in plain words', () => {
    const bare = delegatedRequests(
      buildCommandSet({ npmScripts: [], makeTargets: [], files: [] }, { has: () => true }, 'posix')
        .commands,
    );
    const tests = bare.find((r) => r.phrase === 'run the tests')!;
    const none = localCommandsIn(envelope(`Run the tests. ${tests.request}`), bare);
    expect(none).toEqual({
      ok: false,
      error: {
        tag: 'no_local_command',
        message: expect.stringMatching(
          /^This workspace has nothing to run for "run the tests" without an agent.*add an API key or set a command delegate in Settings/,
        ),
      },
    });
    const foreign = localCommandsIn(envelope('Refactor the parser.'), requests);
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect(foreign.error.message).toMatch(/not one of the offline commands/);
  });
});
