import type { ContractError, ErrorKind } from '../../preload/contract';
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
 * crosses as `failed`. (The dispatcher redacts the message with the rest of the result.)
 */
export function toContractError(error: TaggedError): ContractError {
  const kind = Object.hasOwn(KIND_OF_TAG, error.tag) ? KIND_OF_TAG[error.tag]! : 'failed';
  return { kind, message: error.message };
}
