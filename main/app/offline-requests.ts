import type { LocalCommand } from '../../preload/schemas/offline';
import { err, ok } from '../base/result';
import type { DelegateRequest } from '../delegate/types';
import type { LocalPlan } from '../delegate/workspace-runner';
import { escapeDelegationText } from '../handoff/delegation-text';
import type { DelegatedRequest } from '../offline/offline-commands';
import type { OfflineBackend } from './offline-backend';

/** What a person can do when a request needs an agent and none can run. */
const NEEDS_AGENT =
  'To let an agent do it, add an API key or set a command delegate in Settings, or log in to Codex.';

/**
 * The local commands for a delegation text: those of the offline engine's requests it carries
 * (the envelope escapes them), in the order they appear — a queued task amended with a second
 * request runs both. An error says plainly when a request has no local command.
 */
export function localCommandsIn(text: string, requests: readonly DelegatedRequest[]): LocalPlan {
  const found = requests
    .map((r) => ({ ...r, at: text.indexOf(escapeDelegationText(r.request)) }))
    .filter((r) => r.at >= 0)
    .sort((a, b) => a.at - b.at);
  if (found.length === 0) {
    return err(
      'no_local_command',
      `This request is not one of the offline commands, and no agent can run offline. ${NEEDS_AGENT}`,
    );
  }
  const locals: LocalCommand[] = [];
  for (const { phrase, local } of found) {
    if (!local) {
      return err(
        'no_local_command',
        `This workspace has nothing to run for "${phrase}" without an agent, and no agent can run offline. ${NEEDS_AGENT}`,
      );
    }
    locals.push(local);
  }
  return ok(locals);
}

/**
 * The workspace runner's plan for a request: the local commands of the offline engine running
 * for its workspace. None runs there (the workspace changed, the engine failed): a plain error.
 */
export function planFromEngine(
  offline: OfflineBackend,
): (request: DelegateRequest) => Promise<LocalPlan> {
  return async (request) => {
    const running = offline.runningFor(request.workspace);
    const engine = running ? await running.catch(() => null) : null;
    const serving = offline.workspace;
    if (!engine && serving !== null && serving !== request.workspace) {
      return err(
        'no_local_command',
        `The offline commands of this conversation are for ${serving}, and the workspace is now ${request.workspace}: start a new conversation to use them there. ${NEEDS_AGENT}`,
      );
    }
    if (!engine) {
      return err(
        'no_local_command',
        `The offline commands engine is not running for ${request.workspace}, so nothing can run there without an agent. ${NEEDS_AGENT}`,
      );
    }
    return localCommandsIn(request.text, engine.delegatedRequests());
  };
}
