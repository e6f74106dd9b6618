import type { ErrorKind } from '../../preload/contract';

/**
 * An expected failure a handler reports to the renderer. Handlers throw it; the dispatcher
 * turns it into `{ok: false, error}` so nothing crosses the contract as a throw.
 */
export class ContractFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}
