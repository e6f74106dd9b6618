import type { Protocol } from '../../preload/schemas/settings';
import type { SettlePolicy } from './settle-policy';
import { V1TranscriptEvidence, type V1SettleOptions } from './settle-v1';
import { V2TranscriptionEvidence, type V2SettleOptions } from './settle-v2';

/** Tuning of Parley's settle rules, per protocol. */
export interface SettleOptions {
  v1?: V1SettleOptions;
  v2?: V2SettleOptions;
}

/** Parley's settle rule for a socket speaking `protocol`: it settles on that protocol's evidence. */
export function createSettlePolicy(protocol: Protocol, options: SettleOptions = {}): SettlePolicy {
  return protocol === 'v1'
    ? new V1TranscriptEvidence(options.v1)
    : new V2TranscriptionEvidence(options.v2);
}
