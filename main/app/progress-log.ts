import type { ProgressItem } from '../../preload/schemas/tasks';

/** One progress item as a short log record (bounded text). */
export function describeProgress(item: ProgressItem): Record<string, unknown> {
  const cut = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
  switch (item.kind) {
    case 'agent_message':
      return { kind: item.kind, text: cut(item.text) };
    case 'command':
      return {
        kind: item.kind,
        command: cut(item.command),
        exitCode: item.exitCode,
        status: item.status,
      };
    case 'file_change':
      return { kind: item.kind, path: item.path, change: item.change };
    case 'plan':
      return { kind: item.kind, steps: item.items.length };
    case 'log':
      return { kind: item.kind, text: cut(item.line) };
    case 'usage':
      return { kind: item.kind, ...item.usage };
  }
}
