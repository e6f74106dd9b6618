import type { Protocol } from '../../preload/schemas/settings';
import type { TaskRegistry } from '../delegate/task-registry';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import type { DelegationRequest } from '../handoff/handoff-effects';
import type { HandoffDriver } from '../handoff/handoff-driver';
import type { HandoffEffects } from '../handoff/handoff-effects';
import { HandoffMachine } from '../handoff/handoff-machine';
import { LiveHandoff, type LiveHandoffOptions } from '../handoff/live-handoff';
import type { RealtimeSession } from '../realtime/realtime-session';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';

export interface TaskDelegationDeps {
  session: RealtimeSession;
  registry: TaskRegistry;
  clock: Clock;
  /** Epoch time, for conversation ids. */
  wallClock: Clock;
  log: Logger;
  /** Folder the delegate works in, read at each delegation. */
  workspace: () => string;
}

/** What the voice model is told when a task did not produce a result. */
export function spokenOutcome(task: TaskSnapshot): string {
  if (task.status === 'done') return task.result?.trim() || 'The task finished with no output.';
  if (task.status === 'cancelled') return `The task ${task.name} was cancelled.`;
  return `The task ${task.name} failed: ${task.error ?? 'no reason given'}`;
}

/**
 * Turns handoffs into tasks and task output into what the voice model hears: it connects the
 * realtime session, the handoff machine and the task registry, per protocol. One handoff
 * machine per conversation; tasks outlive a reconnect.
 */
export class TaskDelegation {
  private machine: HandoffDriver | null = null;
  private conversationId = '';
  /** Task id → the handoff its result answers. */
  private readonly handoffOf = new Map<string, string>();
  private readonly offs: (() => void)[];
  private readonly heldOver: string[] = [];

  constructor(private readonly deps: TaskDelegationDeps) {
    const { session, registry } = deps;
    this.offs = [
      session.on('event', (event) => this.machine?.handle(event)),
      session.on('socket_replaced', () => this.machine?.onSocketReplaced()),
      session.on('state', ({ state }) => {
        if (state === 'reconnecting') this.machine?.onClosed();
        if (state === 'live') this.deliverHeldOver();
      }),
      session.on('closed', () => this.machine?.onClosed()),
      registry.on('progress', ({ taskId, item }) => {
        const handoffId = this.handoffOf.get(taskId) ?? null;
        if (item.kind === 'agent_message') this.machine?.deliverMessage(handoffId, item.text);
        if (item.kind === 'command' && item.status !== 'in_progress') {
          this.machine?.deliverActivity(
            handoffId,
            `Ran \`${item.command}\` (exit ${item.exitCode ?? '?'}).`,
          );
        }
      }),
      registry.on('task', (task) => this.onTask(task)),
    ];
  }

  /** A new conversation (its id minted here unless given): a fresh handoff driver for its protocol. */
  begin(protocol: Protocol, conversationId?: string): string {
    this.machine?.dispose();
    // Unique across runs: history keys a conversation's entries and tasks by it.
    this.conversationId =
      conversationId ??
      `conversation-${this.deps.wallClock.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
    const effects = this.effects();
    this.machine =
      protocol === 'live'
        ? new LiveHandoff({ clock: this.deps.clock, effects })
        : new HandoffMachine({ clock: this.deps.clock, protocol, effects });
    this.machine.on('routed', (routed) =>
      this.deps.log('info', 'handoff.routed', {
        handoffId: routed.handoffId,
        mode: routed.mode,
        ...routed.outcome,
        cutLines: routed.request?.cut.lines ?? 0,
      }),
    );
    // A result still held when this conversation ends is told in the next one.
    this.machine.on('undelivered', ({ text }) => this.heldOver.push(text));
    this.machine.on('echo', ({ source }) =>
      this.deps.log('info', 'handoff.echo_ignored', { source }),
    );
    return this.conversationId;
  }

  /** What a handoff driver does to the world: tasks, and events on the session. */
  private effects(): HandoffEffects & LiveHandoffOptions['effects'] {
    return {
      delegate: (request) => this.delegate(request),
      steer: (request) => this.steer(request),
      sendEvent: (event: object) =>
        void this.deps.session
          .sendEvent(event)
          .catch((error: unknown) =>
            this.deps.log('warn', 'handoff.send_failed', { message: (error as Error).message }),
          ),
      requestResponse: () => this.deps.session.requestResponse(),
      describeTasks: () => this.deps.registry.describe(this.conversationId),
      cancelTask: (ref) => this.cancel(ref),
      hasRunningTask: () =>
        this.deps.registry
          .list(this.conversationId)
          .some((t) => t.status === 'running' || t.status === 'queued'),
    };
  }

  /** The user is holding the talk key: results wait. */
  setUserSpeaking(speaking: boolean): void {
    this.machine?.setUserSpeaking(speaking);
  }

  /** A bounded recap of running tasks for a reconnect's instructions. */
  recap(): string {
    return this.deps.registry
      .list(this.conversationId)
      .filter((t) => t.status === 'running' || t.status === 'queued')
      .slice(-5)
      .map((t) => `[${t.status}] ${t.name}: ${t.prompt.slice(0, 200)}`)
      .join('\n');
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.machine?.dispose();
    this.machine = null;
  }

  private delegate(request: DelegationRequest): void {
    const task = this.deps.registry.create({
      conversationId: this.conversationId,
      text: request.text,
      workspace: this.deps.workspace(),
      prompt: request.userWords || request.input,
    });
    this.handoffOf.set(task.id, request.handoffId);
    this.deps.log('info', 'task.delegated', { taskId: task.id, handoffId: request.handoffId });
  }

  private steer(request: DelegationRequest): void {
    const result = this.deps.registry.steer({
      conversationId: this.conversationId,
      text: request.text,
      workspace: this.deps.workspace(),
      prompt: request.userWords || request.input,
    });
    if (result.mode === 'queued') this.handoffOf.set(result.task.id, request.handoffId);
    this.deps.log('info', 'task.steered', { taskId: result.task.id, mode: result.mode });
  }

  private cancel(ref: string | null): string {
    const found = this.deps.registry.get(ref ?? 'latest', this.conversationId);
    if (!found) return 'There is no task to cancel.';
    if (found.status !== 'queued' && found.status !== 'running') {
      return `${found.name} already ended (${found.status}); nothing to cancel.`;
    }
    const task = this.deps.registry.cancel(found.id, this.conversationId);
    return task ? `Cancelling ${task.name}.` : 'There is no task to cancel.';
  }

  private onTask(task: TaskSnapshot): void {
    if (task.status !== 'done' && task.status !== 'failed' && task.status !== 'cancelled') return;
    const handoffId = this.handoffOf.get(task.id);
    if (handoffId === undefined) return;
    this.handoffOf.delete(task.id);
    const state = this.deps.session.state;
    if (!this.machine || state === 'idle' || state === 'closed') {
      // No conversation to tell: keep it for the next one (the pane has it meanwhile).
      this.heldOver.push(`${task.name}: ${spokenOutcome(task)}`);
      return;
    }
    const outcome = { status: task.status, text: spokenOutcome(task), reason: task.error };
    this.machine.deliverOutcome(handoffId, outcome);
  }

  /** Results of tasks that ended while no conversation was on, told once one is live. */
  private deliverHeldOver(): void {
    if (!this.machine || this.heldOver.length === 0) return;
    const text = `While you were away: ${this.heldOver.splice(0).join(' | ')}`;
    this.machine.deliverOutcome(null, { status: 'done', text, reason: null });
  }
}
