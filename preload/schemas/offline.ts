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

/** One shell command of a {@link LocalCommand}, run in the workspace. */
export const LocalStep = z.object({
  /** The command line for the platform's shell, e.g. `npm test --silent`. */
  command: z.string().min(1),
  /** Put before its output when a command has several steps, e.g. `Uncommitted changes:`. */
  title: z.string().min(1).optional(),
  /** Said instead of an empty output, e.g. `No commits since midnight.` */
  whenEmpty: z.string().min(1).optional(),
});
export type LocalStep = z.infer<typeof LocalStep>;

/**
 * How an offline command's request is answered on this machine with no agent: shell steps run
 * in the workspace, the workspace opened in the desktop's file manager, or a plain answer.
 */
export const LocalCommand = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), steps: z.array(LocalStep).min(1) }),
  z.object({ kind: z.literal('open_workspace') }),
  z.object({ kind: z.literal('answer'), text: z.string().min(1) }),
]);
export type LocalCommand = z.infer<typeof LocalCommand>;
