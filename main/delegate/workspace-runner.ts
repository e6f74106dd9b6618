import type { LocalCommand, LocalStep } from '../../preload/schemas/offline';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { errorMessage, type Result, type TaggedError } from '../base/result';
import { cancelledOutcome, DelegateRunHandle, failedOutcome } from './delegate-run';
import { desktopOpenerStep } from './desktop-opener';
import { describeStepEnd, type StepEnd } from './local-step-end';
import { isDirectory, ShellProcesses, type ShellLimits } from './shell-processes';
import type { Delegate, DelegateOutcome, DelegateRequest, DelegateRun } from './types';

/** The local commands that answer a request, in order, or why there are none. */
export type LocalPlan = Result<LocalCommand[], TaggedError<'no_local_command'>>;

/** Options of {@link createWorkspaceRunner}. */
export interface WorkspaceRunnerOptions extends Partial<ShellLimits> {
  /** Finds the local commands for a request (the offline engine knows the ones it built). */
  plan: (request: DelegateRequest) => Promise<LocalPlan>;
  /** The desktop's own folder opener (the desktop app has one); default: a shell opener. */
  openFolder?: (path: string) => Promise<void>;
  /** The commands' whole environment (scrubbed of Parley's keys); default: the host's. */
  env?: Record<string, string | undefined>;
  /** Which desktop opener to use; default: this machine's. */
  platform?: NodeJS.Platform;
  clock?: Clock;
  logger?: Logger;
}

/** What one piece of a plan does. */
type Action =
  { kind: 'step'; step: LocalStep } | { kind: 'open_folder' } | { kind: 'answer'; text: string };

/** Default bound of the result: the answer is summarised for speech, the pane keeps this much. */
const RESULT_CHARS = 200_000;

/**
 * A delegate with no agent: it answers the offline engine's own requests with the workspace's
 * commands (`npm test`, `git status`, …), run like the command delegate's — in the workspace,
 * with the given environment, each line as progress, stdout (bounded) as the result, the exit
 * code and stderr tail on failure, cancel killing the process tree.
 */
export function createWorkspaceRunner(options: WorkspaceRunnerOptions): Delegate {
  return new WorkspaceRunner(options);
}

class WorkspaceRunner implements Delegate {
  readonly kind = 'workspace-runner';
  private readonly log: Logger;
  private readonly processes: ShellProcesses;
  private readonly env: Record<string, string | undefined>;

  constructor(private readonly options: WorkspaceRunnerOptions) {
    this.log = options.logger ?? silentLogger;
    this.env = options.env ?? process.env;
    const limits = { ...options, maxResultChars: options.maxResultChars ?? RESULT_CHARS };
    this.processes = new ShellProcesses(limits, this.env, options.clock ?? systemClock, this.log);
  }

  start(request: DelegateRequest): DelegateRun {
    const run = new DelegateRunHandle();
    this.runPlan(request, run).catch((error: unknown) => {
      this.log('error', 'delegate.local.crashed', {
        taskId: request.taskId,
        error: errorMessage(error),
      });
      run.settle(failedOutcome(`The local command could not run: ${errorMessage(error)}`));
    });
    return run;
  }

  /** Cancel every run and wait (bounded) until each command's whole process tree is gone. */
  dispose(): Promise<void> {
    return this.processes.dispose();
  }

  private async runPlan(request: DelegateRequest, run: DelegateRunHandle): Promise<void> {
    if (!isDirectory(request.workspace)) {
      run.settle(failedOutcome(`The workspace folder does not exist: ${request.workspace}`));
      return;
    }
    const plan = await this.options.plan(request);
    if (!plan.ok) {
      this.log('info', 'delegate.local.none', { taskId: request.taskId });
      run.settle(failedOutcome(plan.error.message));
      return;
    }
    const actions = plan.value.flatMap((local) => this.actionsFor(local, request.workspace));
    run.progress({
      kind: 'log',
      line: 'Offline with no agent: running the workspace’s own command.',
    });
    const answers: string[] = [];
    for (const action of actions) {
      const end: StepEnd = request.signal.aborted
        ? { kind: 'cancelled', text: '' }
        : await this.perform(action, request, run);
      if (end.text) answers.push(end.text);
      if (end.kind === 'cancelled') {
        return run.settle(cancelledOutcome(undefined, partial(answers)));
      }
      if (end.kind === 'failed') {
        const exitCode = end.exitCode;
        return run.settle(failedOutcome(end.error, { ...partial(answers), exitCode }));
      }
    }
    this.log('info', 'delegate.local.ended', { taskId: request.taskId, steps: actions.length });
    run.settle(doneOutcome(answers));
  }

  /** A local command as actions; the workspace opener is this machine's. */
  private actionsFor(local: LocalCommand, workspace: string): Action[] {
    switch (local.kind) {
      case 'run':
        return local.steps.map((step) => ({ kind: 'step', step }));
      case 'answer':
        return [{ kind: 'answer', text: local.text }];
      case 'open_workspace': {
        if (this.options.openFolder) return [{ kind: 'open_folder' }];
        const step = desktopOpenerStep(this.options.platform ?? process.platform, this.env);
        if (step) return [{ kind: 'step', step }];
        const text = `There is no desktop file manager to open here; the workspace folder is ${workspace}.`;
        return [{ kind: 'answer', text }];
      }
    }
  }

  private async perform(
    action: Action,
    request: DelegateRequest,
    run: DelegateRunHandle,
  ): Promise<StepEnd> {
    switch (action.kind) {
      case 'answer':
        return { kind: 'done', text: action.text, exitCode: 0 };
      case 'open_folder':
        return this.openFolder(request.workspace);
      case 'step':
        return this.runStep(action.step, request, run);
    }
  }

  private async openFolder(workspace: string): Promise<StepEnd> {
    try {
      await this.options.openFolder?.(workspace);
      return { kind: 'done', text: `Opened the workspace folder: ${workspace}`, exitCode: 0 };
    } catch (error) {
      const message = `Could not open the workspace folder ${workspace}: ${errorMessage(error)}`;
      return { kind: 'failed', error: message, text: '', exitCode: null };
    }
  }

  private async runStep(
    step: LocalStep,
    request: DelegateRequest,
    run: DelegateRunHandle,
  ): Promise<StepEnd> {
    const { command } = step;
    run.progress({ kind: 'command', command, exitCode: null, status: 'in_progress' });
    const { taskId, signal } = request;
    const job = { command, cwd: request.workspace, stdin: '', taskId, signal };
    const ended = await this.processes.run(job, (item) => run.progress(item));
    const end = describeStepEnd(step, ended, this.processes.timeoutMs);
    if (end.kind !== 'cancelled') {
      const status = end.kind === 'done' ? 'completed' : 'failed';
      run.progress({ kind: 'command', command, exitCode: end.exitCode, status });
    }
    return end;
  }
}

function partial(answers: string[]): Partial<DelegateOutcome> {
  return answers.length > 0 ? { result: answers.join('\n\n') } : {};
}

function doneOutcome(answers: string[]): DelegateOutcome {
  return { status: 'done', result: answers.join('\n\n'), error: null, usage: null, exitCode: 0 };
}
