/** A failure as a person meets it: plain words first, the technical detail after, and a fix. */
import { z } from 'zod';
import { SettingsFieldName } from './settings';

/** What the user can do about a problem, in the order the UI offers it. */
export const ProblemAction = z.enum(['open_settings', 'retry']);
export type ProblemAction = z.infer<typeof ProblemAction>;

/** One failure, explained. */
export const Problem = z.object({
  /** Plain words: what went wrong and what to do, e.g. "Could not reach api.openai.com — …". */
  summary: z.string(),
  /** The technical detail (error codes, the server's words), when there is more to say. */
  detail: z.string().nullable(),
  /** What fixes it, most useful first. */
  actions: z.array(ProblemAction),
  /** The settings field to open, when the fix is a setting. */
  field: SettingsFieldName.nullable(),
});
export type Problem = z.infer<typeof Problem>;
