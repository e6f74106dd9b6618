import { TaskRegistry } from '../delegate/task-registry';
import type { RealtimeSession } from '../realtime/realtime-session';
import type { HistoryRecorder } from './history-recorder';
import type { OfflineBackend } from './offline-backend';
import { planFromEngine } from './offline-requests';
import type { ParleyAppDeps } from './parley-app';
import { SettingsDelegate } from './settings-delegate';
import type { SettingsService } from './settings-service';
import { TaskDelegation } from './task-delegation';

/** The delegate the settings choose, the task registry on it, and the handoff ⇄ task link. */
export function buildTasks(
  deps: Pick<
    ParleyAppDeps,
    | 'clock'
    | 'wallClock'
    | 'log'
    | 'environment'
    | 'knownKeys'
    | 'env'
    | 'openFolder'
    | 'createDelegate'
    | 'homeDir'
  >,
  parts: {
    settings: SettingsService;
    session: RealtimeSession;
    recorder: HistoryRecorder;
    offline: OfflineBackend | undefined;
  },
) {
  const { clock, wallClock, log } = deps;
  const { settings, session, recorder, offline } = parts;
  const environment = {
    variables: deps.environment,
    secrets: () => [...deps.knownKeys],
    inheritKey: deps.env.delegateInheritsKey,
    storedKey: () => settings.storedKey,
  };
  // Each conversation's Codex thread is saved, so a later one (after a restart too) resumes it.
  const threads = {
    threadFor: (conversationId: string) => recorder.threadFor(conversationId),
    onThread: (conversationId: string, threadId: string) =>
      recorder.onThread(conversationId, threadId),
  };
  // With no agent to run offline, the offline engine's requests run as the workspace's commands.
  const local = offline
    ? { plan: planFromEngine(offline), ...(deps.openFolder ? { openFolder: deps.openFolder } : {}) }
    : null;
  const delegate = new SettingsDelegate(
    () => settings.values,
    deps.createDelegate,
    log,
    environment,
    threads,
    local,
  );
  const tasks = new TaskRegistry({ clock: wallClock, delegate, logger: log });
  const workspace = (): string => settings.values.workspace ?? deps.homeDir;
  const delegation = new TaskDelegation({
    session,
    registry: tasks,
    clock,
    wallClock,
    log,
    workspace,
  });
  return { delegate, tasks, delegation };
}
