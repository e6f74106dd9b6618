import {
  describeIssues,
  issueField,
  listInvokes,
  type ErrorKind,
  type Result,
} from '../../preload/contract';
import { errorMessage } from '../base/result';
import { redact } from '../base/redaction';
import { toContractError } from '../app/error-kinds';
import type { HandlerResult, InvokeHandlers } from '../app/invoke-handlers';
import { createOutboundRedactor } from './outbound-redactor';

/** Validates, runs and wraps any invoke by channel name; the same for every host. */
export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

const specs = new Map(listInvokes().map((spec) => [spec.channel as string, spec]));

/**
 * Builds the dispatcher: unknown channels and payloads that fail their schema are rejected
 * before any handler runs; a handler's expected failure crosses as its contract kind, a throw
 * (a bug) as `failed`; results are checked against their schema too. Every result, value and
 * error alike, is redacted on its way out.
 */
export function createDispatcher(
  handlers: InvokeHandlers,
  secrets: () => readonly string[] = () => [],
  log: (line: string) => void = () => {},
): Dispatch {
  const redactor = createOutboundRedactor(secrets);
  const run = checkedDispatch(handlers, secrets, log);
  return async (channel, payload) => redactor.value(await run(channel, payload));
}

function checkedDispatch(
  handlers: InvokeHandlers,
  secrets: () => readonly string[],
  log: (line: string) => void,
): Dispatch {
  return async (channel, payload) => {
    const spec = specs.get(channel);
    if (!spec) {
      return fail('unknown_channel', `Unknown channel "${String(channel).slice(0, 100)}".`);
    }
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      const message = `Invalid payload for ${channel}: ${describeIssues(parsed.error)}`;
      log(message);
      return fail('invalid_payload', message, issueField(parsed.error));
    }
    let outcome: HandlerResult<unknown>;
    try {
      const handler = handlers[spec.channel] as (request: unknown) => unknown;
      outcome = (await handler(parsed.data)) as HandlerResult<unknown>;
    } catch (error) {
      const message = redact(errorMessage(error), secrets());
      log(`Handler for ${channel} failed: ${message}`);
      return fail('failed', message);
    }
    if (!outcome.ok) return { ok: false, error: toContractError(outcome.error, secrets()) };
    const checked = spec.result.safeParse(outcome.value);
    if (!checked.success) {
      log(`Handler for ${channel} returned a bad result: ${describeIssues(checked.error)}`);
      return fail('failed', `Internal error: ${channel} produced an invalid result.`);
    }
    return { ok: true, value: checked.data };
  };
}

function fail(kind: ErrorKind, message: string, field?: string): Result<never> {
  return { ok: false, error: field === undefined ? { kind, message } : { kind, message, field } };
}
