import {
  describeIssues,
  listInvokes,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResult,
  type Result,
} from '../../preload/contract';
import { redact } from '../base/redaction';
import { ContractFailure } from './contract-error';

/** One handler per invoke channel of the contract, typed from it. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResult<C>> | InvokeResult<C>;
};

/** Validates, runs and wraps any invoke by channel name; the same for every host. */
export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

const specs = new Map(listInvokes().map((spec) => [spec.channel as string, spec]));

/** Whether `channel` names an invoke of the contract. */
export function isInvokeChannel(channel: string): channel is InvokeChannel {
  return specs.has(channel);
}

/**
 * Builds the dispatcher: unknown channels and payloads that fail their schema are rejected
 * before any handler runs; a handler's throw becomes an error value; results are checked too.
 */
export function createDispatcher(
  handlers: InvokeHandlers,
  log: (line: string) => void = () => {},
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
      return fail('invalid_payload', message);
    }
    try {
      const handler = handlers[spec.channel] as (request: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        log(`Handler for ${channel} returned a bad result: ${describeIssues(checked.error)}`);
        return fail('failed', `Internal error: ${channel} produced an invalid result.`);
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof ContractFailure) return fail(error.kind, error.message);
      // Handler errors may quote a request or a server reply: never let a key through.
      const message = redact(error instanceof Error ? error.message : String(error));
      log(`Handler for ${channel} failed: ${message}`);
      return fail('failed', message);
    }
  };
}

function fail(kind: ContractFailure['kind'], message: string): Result<never> {
  return { ok: false, error: { kind, message } };
}
