import type { ThreadEvent, ThreadItem, Usage } from '@openai/codex-sdk';
import type { ProgressItem, TokenUsage } from '../../preload/schemas/tasks';

/** Where a turn ended, as far as the event stream says. */
export type TurnEnd =
  { kind: 'completed'; usage: TokenUsage | null } | { kind: 'failed'; message: string };

function itemProgress(
  item: ThreadItem,
  phase: 'started' | 'updated' | 'completed',
): ProgressItem[] {
  switch (item.type) {
    case 'agent_message':
      // Streamed one by one as each message completes (V1 forwards them at once).
      return phase === 'completed' && item.text.trim()
        ? [{ kind: 'agent_message', text: item.text }]
        : [];
    case 'command_execution':
      if (phase === 'updated') return [];
      return [
        {
          kind: 'command',
          command: item.command,
          exitCode: item.exit_code ?? null,
          status: item.status,
        },
      ];
    case 'file_change':
      if (phase !== 'completed' || item.status !== 'completed') return [];
      return item.changes.map((c) => ({ kind: 'file_change', path: c.path, change: c.kind }));
    case 'todo_list':
      return [
        { kind: 'plan', items: item.items.map((i) => ({ text: i.text, completed: i.completed })) },
      ];
    case 'mcp_tool_call':
      if (phase !== 'completed') return [];
      return [
        {
          kind: 'log',
          line: `tool ${item.server}.${item.tool}: ${item.status}${item.error ? ` (${item.error.message})` : ''}`,
        },
      ];
    case 'web_search':
      return phase === 'started' ? [{ kind: 'log', line: `web search: ${item.query}` }] : [];
    case 'error':
      // Non-fatal notices (e.g. unknown model metadata); a fatal error ends the turn instead.
      return phase === 'completed'
        ? [{ kind: 'log', line: `codex: ${item.message}`, stream: 'stderr' }]
        : [];
    case 'reasoning':
      return [];
  }
}

/** A turn failure's message; a JSON error body from the model server is reduced to its message. */
export function readableFailure(message: string): string {
  try {
    const parsed: unknown = JSON.parse(message);
    const inner = (parsed as { error?: { message?: unknown } } | null)?.error?.message;
    if (typeof inner === 'string' && inner) return inner;
  } catch {
    // not JSON: keep it as it is
  }
  return message;
}

/** Codex reports the thread's running totals; a turn's usage is the difference. */
export function usageDelta(total: Usage, previous: Usage | null): TokenUsage {
  const input = total.input_tokens - (previous?.input_tokens ?? 0);
  const output = total.output_tokens - (previous?.output_tokens ?? 0);
  // A smaller total than before means the baseline is not comparable: take the total.
  if (input < 0 || output < 0)
    return { inputTokens: total.input_tokens, outputTokens: total.output_tokens };
  return { inputTokens: input, outputTokens: output };
}

/**
 * Turns the SDK's streamed thread events into progress items and remembers what the outcome
 * needs: the thread id, the last agent message, the usage and how the turn ended. Pure.
 */
export class CodexEventMapper {
  threadId: string | null = null;
  lastMessage: string | null = null;
  end: TurnEnd | null = null;
  /** The thread total at the last `turn.completed`. */
  usageTotal: Usage | null;
  private lastError: string | null = null;
  private lastPlan = '';

  constructor(previousTotal: Usage | null = null) {
    this.usageTotal = previousTotal;
  }

  /** Progress items for one event (often none). */
  map(event: ThreadEvent): ProgressItem[] {
    switch (event.type) {
      case 'thread.started':
        this.threadId = event.thread_id;
        return [];
      case 'turn.started':
        return [];
      case 'item.started':
      case 'item.updated':
      case 'item.completed':
        return this.item(event.item, event.type.slice('item.'.length) as 'started');
      case 'turn.completed': {
        const usage = usageDelta(event.usage, this.usageTotal);
        this.usageTotal = event.usage;
        this.end = { kind: 'completed', usage };
        return [{ kind: 'usage', usage }];
      }
      case 'turn.failed':
        this.end = {
          kind: 'failed',
          message: readableFailure(event.error.message || this.lastError || 'unknown error'),
        };
        return [];
      case 'error':
        this.lastError = event.message;
        return [];
    }
  }

  private item(item: ThreadItem, phase: 'started' | 'updated' | 'completed'): ProgressItem[] {
    if (item.type === 'agent_message' && phase === 'completed') this.lastMessage = item.text;
    const items = itemProgress(item, phase);
    return items.filter((p) => {
      if (p.kind !== 'plan') return true;
      // The to-do list is re-sent on every update; report it only when it changed.
      const key = JSON.stringify(p.items);
      if (key === this.lastPlan) return false;
      this.lastPlan = key;
      return true;
    });
  }
}
