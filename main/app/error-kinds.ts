import type { ContractError, ErrorKind } from '../../preload/contract';
import { redact } from '../base/redaction';
import type { TaggedError } from '../base/result';

/** The tags services use for expected failures, and the contract kind each one crosses as. */
const KIND_OF_TAG: Readonly<Record<string, ErrorKind>> = {
  not_ready: 'not_ready',
  not_found: 'not_found',
  invalid_settings: 'invalid_settings',
  config: 'config',
  failed: 'failed',
};

/**
 * The one place a service's tagged failure becomes the contract's error value. An unknown tag
 * crosses as `failed`; the message is redacted, since it may quote a request or a server reply.
 */
export function toContractError(
  error: TaggedError,
  secrets: readonly string[] = [],
): ContractError {
  const kind = Object.hasOwn(KIND_OF_TAG, error.tag) ? KIND_OF_TAG[error.tag]! : 'failed';
  return { kind, message: redact(error.message, secrets) };
}
