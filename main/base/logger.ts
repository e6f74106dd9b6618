import { redact } from './redaction';

/** A notable event, as `--log-json` prints it (one JSON object per line). */
export interface LogRecord {
  /** Milliseconds since the epoch. */
  ts: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Dotted event name, e.g. `session.state`. */
  event: string;
  [field: string]: unknown;
}

export type Logger = (
  level: LogRecord['level'],
  event: string,
  fields?: Record<string, unknown>,
) => void;

/** A logger that writes one redacted JSON line per record to `write`. */
export function createJsonLogger(
  write: (line: string) => void,
  secrets: () => readonly string[] = () => [],
  now: () => number = Date.now,
): Logger {
  return (level, event, fields = {}) => {
    const record: LogRecord = { ts: now(), level, event, ...fields };
    write(redact(JSON.stringify(record), secrets()) + '\n');
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = () => {};

/**
 * A logger for people reading stderr: warnings, errors and conversation changes, one line each,
 * redacted like the JSON logger.
 */
export function createHumanLogger(
  write: (line: string) => void,
  secrets: () => readonly string[] = () => [],
): Logger {
  return (level, event, fields = {}) => {
    if (level === 'debug' || (level === 'info' && !event.startsWith('conversation.'))) return;
    // The one field that says what happened; a drop says why in `detail`.
    const detail = fields.message ?? fields.detail ?? fields.phase ?? '';
    const why = describeError(fields.error);
    const line = `[parley] ${level} ${event}${detail ? `: ${String(detail)}` : ''}${why}`;
    write(redact(line, secrets()) + '\n');
  };
}

/** A logged `error` field as words: a message, or a problem's summary and detail. */
function describeError(error: unknown): string {
  if (typeof error === 'string') return ` (${error})`;
  if (error && typeof error === 'object' && 'summary' in error) {
    const { summary, detail } = error as { summary: unknown; detail?: unknown };
    return ` (${String(summary)}${typeof detail === 'string' ? `: ${detail}` : ''})`;
  }
  return '';
}
