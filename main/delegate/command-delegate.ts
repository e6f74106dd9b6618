import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { describeCommandExit } from './command-exit';
import { cancelledOutcome, DelegateRunHandle, failedOutcome } from './delegate-run';
import { isDirectory, ShellProcesses, type ShellLimits } from './shell-processes';
import type { Delegate, DelegateRequest, DelegateRun } from './types';

/** Options of {@link createCommandDelegate}. */
export interface CommandDelegateOptions extends Partial<ShellLimits> {
  /** The shell command (`PARLEY_DELEGATE_COMMAND`). */
  command: string;
  /** The command's whole environment; default: the host's. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Runs `PARLEY_DELEGATE_COMMAND` for each task: the delegation text on stdin, each output line as
 * progress, the whole stdout as the result; cancel and timeout kill the whole process tree.
 */
export function createCommandDelegate(options: CommandDelegateOptions): Delegate {
  return new CommandDelegate(options);
}

class CommandDelegate implements Delegate {
  readonly kind = 'command';
  private readonly log: Logger;
  private readonly processes: ShellProcesses;

  constructor(private readonly options: CommandDelegateOptions) {
    this.log = options.logger ?? silentLogger;
    const env = options.env ?? process.env;
    this.processes = new ShellProcesses(options, env, options.clock ?? systemClock, this.log);
  }

  start(request: DelegateRequest): DelegateRun {
    const run = new DelegateRunHandle();
    this.runCommand(request, run).catch((error: unknown) => {
      // spawn can throw synchronously (e.g. a NUL in the command): fail the task, never the host.
      this.log('error', 'delegate.command.crashed', {
        taskId: request.taskId,
        error: errorMessage(error),
      });
      run.settle(failedOutcome(`The delegate command could not run: ${errorMessage(error)}`));
    });
    return run;
  }

  /** Cancel every run and wait (bounded) until each command's whole process tree is gone. */
  dispose(): Promise<void> {
    return this.processes.dispose();
  }

  private async runCommand(request: DelegateRequest, run: DelegateRunHandle): Promise<void> {
    if (!isDirectory(request.workspace)) {
      run.settle(failedOutcome(`The workspace folder does not exist: ${request.workspace}`));
      return;
    }
    if (request.signal.aborted) {
      run.settle(cancelledOutcome());
      return;
    }
    const { command } = this.options;
    const { taskId, signal } = request;
    const job = { command, cwd: request.workspace, stdin: request.text, taskId, signal };
    const ended = await this.processes.run(job, (item) => run.progress(item));
    const timeoutMs = this.processes.timeoutMs;
    const outcome = describeCommandExit({ ...ended, command, timeoutMs });
    this.log('info', 'delegate.command.ended', { taskId: request.taskId, status: outcome.status });
    run.settle(outcome);
  }
}
