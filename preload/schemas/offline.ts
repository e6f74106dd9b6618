/** The offline engine's commands, as settings and onboarding list them. */
import { z } from 'zod';

/** Where an offline command comes from: the fixed set, or the workspace. */
export const OfflineCommandSource = z.enum(['built-in', 'npm-script', 'make-target', 'file']);
export type OfflineCommandSource = z.infer<typeof OfflineCommandSource>;

/** One command the offline engine understands, as settings and onboarding list it. */
export const OfflineCommandInfo = z.object({
  /** What to say, in lower-case words, e.g. `run the tests`. */
  phrase: z.string().min(1),
  source: OfflineCommandSource,
  /** What happens, in plain words (the delegate request, or the spoken answer's topic). */
  does: z.string().min(1),
});
export type OfflineCommandInfo = z.infer<typeof OfflineCommandInfo>;
