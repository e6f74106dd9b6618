import type { ConversationState } from '../../preload/schemas/conversation';
import type { DelegateKind } from '../../preload/schemas/settings';
import type { CodexCredentials } from '../delegate/codex-credentials';

/** Which delegate runs a task, and why (logged as `delegate.chosen`). */
export interface DelegateChoice {
  kind: DelegateKind | 'workspace-runner';
  reason: string;
}

/** What the choice depends on. */
export interface DelegateChoiceInput {
  /** The delegate the settings ask for. */
  configured: DelegateKind;
  /** Who answers the task's conversation; null when it is not known. */
  backend: ConversationState['backend'] | null;
  /** What Codex would answer with; asked only when it matters. */
  codexCredentials: () => CodexCredentials;
}

/**
 * The delegate for one task: the configured one, except that in a conversation the offline
 * engine answers, Codex with nothing to answer with (no key or token in its environment, no
 * provider of the user's own, no login) is replaced by the workspace runner, which needs none.
 * A command delegate is always used as chosen. A key stored in Parley counts: Codex is given it
 * when it has no login of its own.
 */
export function chooseDelegate(input: DelegateChoiceInput): DelegateChoice {
  const { configured, backend } = input;
  if (configured === 'command') return { kind: 'command', reason: 'configured' };
  if (backend !== 'offline') return { kind: configured, reason: 'configured' };
  const credentials = input.codexCredentials();
  if (credentials.found) {
    return { kind: 'codex', reason: `offline conversation, Codex can answer (${credentials.via})` };
  }
  return {
    kind: 'workspace-runner',
    reason: 'offline conversation, Codex has no API key or login',
  };
}
