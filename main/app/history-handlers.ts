import type { HistoryStore } from '../store/history/index';
import type { InvokeHandlers } from './invoke-handlers';

type HistoryHandlers = Pick<
  InvokeHandlers,
  | 'history.list'
  | 'history.get'
  | 'history.search'
  | 'history.matches'
  | 'history.export'
  | 'history.delete'
  | 'history.clear'
  | 'history.status'
>;

/** The history view's invokes, each answered by the history database. */
export function buildHistoryHandlers(history: HistoryStore): HistoryHandlers {
  return {
    'history.list': (request) => history.listDays(request ?? {}),
    'history.get': ({ id }) => history.conversation(id),
    'history.search': ({ query, limit }) => history.search(query, limit),
    'history.matches': ({ id, query }) => history.matches(id, query),
    'history.export': ({ id, format }) => history.exportConversation(id, format),
    'history.delete': ({ id }) => history.deleteConversation(id),
    'history.clear': () => history.clearAll(),
    'history.status': () => ({ ok: true, value: history.status() }),
  };
}
