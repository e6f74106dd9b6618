import type { HistorySearchHit } from '../../preload/schemas/history';

/** The hits of one conversation, under one heading. */
export interface HitGroup {
  conversationId: string;
  title: string;
  startedAt: number;
  hits: HistorySearchHit[];
}

/**
 * Hits grouped by their conversation, so its name and time are said once: the groups in the
 * order of each one's best hit, the hits of a group in rank order.
 */
export function groupHitsByConversation(hits: readonly HistorySearchHit[]): HitGroup[] {
  const groups = new Map<string, HitGroup>();
  for (const hit of hits) {
    const group = groups.get(hit.conversationId);
    if (group) group.hits.push(hit);
    else
      groups.set(hit.conversationId, {
        conversationId: hit.conversationId,
        title: hit.conversationTitle,
        startedAt: hit.conversationStartedAt,
        hits: [hit],
      });
  }
  return [...groups.values()];
}
