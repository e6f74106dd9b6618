import type { Logger } from '../base/logger';
import { createCodexDelegate, type CodexDelegateOptions } from './codex-delegate';
import { createCommandDelegate, type CommandDelegateOptions } from './command-delegate';
import type { Delegate } from './types';
import { createWorkspaceRunner, type WorkspaceRunnerOptions } from './workspace-runner';

export type * from './types';
export { TaskRegistry } from './task-registry';
export type {
  NewTask,
  SteerResult,
  TaskRegistryEvents,
  TaskRegistryOptions,
} from './task-registry';
export { createCodexDelegate } from './codex-delegate';
export type { CodexDelegateOptions } from './codex-delegate';
export { createCommandDelegate } from './command-delegate';
export type { CommandDelegateOptions } from './command-delegate';

/** The settings fields that choose and configure a delegate. */
export interface DelegateSettings {
  /** `PARLEY_DELEGATE`, or the local `workspace-runner` Parley picks when no agent can run. */
  delegate: 'codex' | 'command' | 'workspace-runner';
  /** `PARLEY_DELEGATE_COMMAND`; required for `command`. */
  delegateCommand?: string | null;
  /** Codex model, sandbox mode, binary, environment… */
  codex?: Omit<CodexDelegateOptions, 'logger'>;
  /** Timeout, kill grace, output bounds… */
  command?: Omit<CommandDelegateOptions, 'command' | 'logger'>;
  /** Where the workspace runner finds a request's local commands; required for it. */
  runner?: Omit<WorkspaceRunnerOptions, 'logger' | 'env'>;
  logger?: Logger;
}

/** A delegate that cannot be built from the settings; the message says what to set. */
export class DelegateConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DelegateConfigError';
  }
}

/** Build the delegate the settings ask for. Throws {@link DelegateConfigError} when misconfigured. */
export function createDelegate(settings: DelegateSettings): Delegate {
  const logger = settings.logger;
  if (settings.delegate === 'command') {
    const command = settings.delegateCommand?.trim();
    if (!command) {
      throw new DelegateConfigError(
        'The command delegate needs a command: set PARLEY_DELEGATE_COMMAND (or the delegate command in settings), or use PARLEY_DELEGATE=codex.',
      );
    }
    return createCommandDelegate({ ...settings.command, command, ...(logger ? { logger } : {}) });
  }
  if (settings.delegate === 'workspace-runner') {
    if (!settings.runner) {
      throw new DelegateConfigError('The workspace runner needs to know the local commands.');
    }
    // The same scrubbed environment as a command delegate: it runs the workspace's programs.
    const env = settings.command?.env;
    return createWorkspaceRunner({
      ...settings.runner,
      ...(env ? { env } : {}),
      ...(logger ? { logger } : {}),
    });
  }
  if (settings.delegate === 'codex') {
    return createCodexDelegate({ ...settings.codex, ...(logger ? { logger } : {}) });
  }
  throw new DelegateConfigError(
    `Unknown delegate "${String(settings.delegate)}": use codex or command.`,
  );
}
