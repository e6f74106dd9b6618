import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { InspectorEvent } from '../../../preload/schemas/inspector';
import { useApi } from '../api';

/** How often the open inspector asks main for new events [ms]. */
export const INSPECTOR_POLL_MS = 1000;
/** Rows the inspector keeps in the page. */
const KEEP = 1000;

/** One JSON line per event: its fields, with the payload parsed back when it is JSON. */
export function toJsonLines(events: readonly InspectorEvent[]): string {
  return events
    .map((event) => {
      let payload: unknown = event.payload;
      if (typeof payload === 'string') {
        try {
          payload = JSON.parse(payload);
        } catch {
          // A bounded (cut) payload is kept as its text.
        }
      }
      return JSON.stringify({ ...event, payload });
    })
    .join('\n');
}

/** The event inspector's rows (polled from main while open), its filter, and the export. */
export const useInspectorStore = defineStore('inspector', () => {
  const rows = shallowRef<readonly InspectorEvent[]>([]);
  const filter = ref('');
  const dropped = ref(0);
  const error = ref<string | null>(null);
  let last = -1;
  let timer: ReturnType<typeof setInterval> | null = null;

  const types = computed(() => [...new Set(rows.value.map((r) => r.type))].sort());
  const shown = computed(() => {
    const wanted = filter.value.trim().toLowerCase();
    return wanted ? rows.value.filter((r) => r.type.toLowerCase().includes(wanted)) : rows.value;
  });

  async function refresh(): Promise<void> {
    const result = await useApi().inspector.events({ since: last });
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    error.value = null;
    dropped.value = result.value.dropped;
    if (result.value.events.length === 0) return;
    const bySeq = new Map(rows.value.map((r) => [r.seq, r]));
    for (const event of result.value.events) bySeq.set(event.seq, event);
    rows.value = [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-KEEP);
    last = rows.value.at(-1)?.seq ?? last;
  }

  /** Poll while the drawer is open. */
  function follow(on: boolean): void {
    if (timer) clearInterval(timer);
    timer = null;
    if (!on) return;
    void refresh();
    timer = setInterval(() => void refresh(), INSPECTOR_POLL_MS);
  }

  /** The shown rows as a JSON-lines file the browser downloads. */
  function exportShown(): void {
    const blob = new Blob([`${toJsonLines(shown.value)}\n`], { type: 'application/x-ndjson' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `parley-events-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return { rows, shown, types, filter, dropped, error, refresh, follow, exportShown };
});
