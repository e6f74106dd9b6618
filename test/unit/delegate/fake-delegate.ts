import { DelegateRunHandle } from '../../../main/delegate/delegate-run';
import type { Delegate, DelegateOutcome, DelegateRequest } from '../../../main/delegate/types';
import type { ProgressItem } from '../../../preload/schemas/tasks';

/** One run started on the {@link FakeDelegate}, driven by the test. */
export class FakeRun extends DelegateRunHandle {
  readonly steered: string[] = [];

  constructor(
    readonly request: DelegateRequest,
    canSteer: boolean,
    ignoreAbort: boolean,
  ) {
    super();
    if (canSteer) {
      this.steer = (text) => {
        if (this.settled) return false;
        this.steered.push(text);
        return true;
      };
    }
    if (!ignoreAbort) {
      request.signal.addEventListener('abort', () =>
        this.settle({ status: 'cancelled', result: null, error: 'aborted', usage: null }),
      );
    }
  }

  emit(item: ProgressItem): void {
    this.progress(item);
  }

  done(result: string, usage: DelegateOutcome['usage'] = null): void {
    this.settle({ status: 'done', result, error: null, usage });
  }

  fail(error: string): void {
    this.settle({ status: 'failed', result: null, error, usage: null });
  }
}

/** A delegate whose runs the test drives by hand. */
export class FakeDelegate implements Delegate {
  readonly kind = 'fake';
  readonly runs: FakeRun[] = [];
  disposed = false;

  constructor(
    private readonly options: {
      canSteer?: boolean;
      ignoreAbort?: boolean;
      throwOnStart?: string;
    } = {},
  ) {}

  start(request: DelegateRequest): FakeRun {
    if (this.options.throwOnStart) throw new Error(this.options.throwOnStart);
    const run = new FakeRun(
      request,
      this.options.canSteer ?? false,
      this.options.ignoreAbort ?? false,
    );
    this.runs.push(run);
    return run;
  }

  /** The run of a task id; throws when it never started. */
  run(taskId: string): FakeRun {
    const run = this.runs.find((r) => r.request.taskId === taskId);
    if (!run) throw new Error(`no run for ${taskId}`);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** Let promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
