/** The event inspector: recent realtime traffic as main recorded it. */
import { z } from 'zod';

/** Who sent a realtime event. */
export const EventDirection = z.enum(['client', 'server']);
export type EventDirection = z.infer<typeof EventDirection>;

/** One recorded event, or a run of the same audio event merged into one row. */
export const InspectorEvent = z.object({
  /** Increasing number of the row (a merged run keeps its first number). */
  seq: z.number().int().nonnegative(),
  /** Epoch ms of the (last) event. */
  at: z.number(),
  direction: EventDirection,
  /** The event's `type`, or `(unparsed)` for a frame without one. */
  type: z.string(),
  /** Bytes on the wire (all events of a merged run). */
  bytes: z.number().int().nonnegative(),
  /** Events in this row: more than 1 for a run of audio events. */
  count: z.number().int().positive(),
  /** The JSON text, bounded; null for audio events, whose payload is elided. */
  payload: z.string().nullable(),
});
export type InspectorEvent = z.infer<typeof InspectorEvent>;

/** What `inspector.events` returns: rows after `since`, oldest first. */
export const InspectorPage = z.object({
  events: z.array(InspectorEvent),
  /** Rows that fell out of the bounded ring since the app started. */
  dropped: z.number().int().nonnegative(),
  /** The ring's size. */
  capacity: z.number().int().positive(),
});
export type InspectorPage = z.infer<typeof InspectorPage>;
