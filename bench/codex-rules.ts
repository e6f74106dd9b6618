import type { SettlePolicy, SettlePolicyFactory } from '../main/handoff/settle-policy';

/**
 * Codex V1's rule: hold every handoff for a fixed 1 s grace (`V1_HANDOFF_DELEGATION_GRACE`),
 * whatever the transcript says.
 */
export const codexFixedGrace: SettlePolicyFactory = () => fixedWait(1_000);

/** Codex V2's rule: route every `background_agent` call at once, with what has arrived. */
export const codexRouteAtOnce: SettlePolicyFactory = () => fixedWait(0);

function fixedWait(ms: number): SettlePolicy {
  return {
    observe: () => {},
    openWindow: (openedAt) => ({
      decide: (now) =>
        now >= openedAt + ms
          ? { route: true, reason: 'cap' }
          : { route: false, wakeAt: openedAt + ms },
      detail: () => ({ waitedFor: [], quietGapMs: null }),
    }),
    routed: () => {},
  };
}
