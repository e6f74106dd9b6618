import { isAbsolute, join, resolve } from 'node:path';
import {
  apiKeyShapeProblem,
  type SettingsFields,
  type SettingsPatch,
} from '../../preload/schemas/settings';
import { err, ok, type Result, type TaggedError } from '../base/result';
import type { EnvConfig } from '../config/env-config';
import { settingsProblems } from '../config/settings-check';

/** What main may change: the renderer's patch, plus the talk chord once a backend bound it. */
export type SettingsUpdate = SettingsPatch & Partial<Pick<SettingsFields, 'talkChord'>>;

/** Why a patch was refused: the field at fault and the reason, for the view to show beside it. */
export type PatchRefusal = TaggedError<'invalid_settings'>;

/** A patch that may be saved: the fields to store and the key to write (undefined: unchanged). */
export interface CheckedPatch {
  next: SettingsFields;
  apiKey: string | undefined;
}

/** What a patch is checked against. */
export interface PatchContext {
  stored: SettingsFields;
  env: EnvConfig;
  homeDir: string;
  /** Whether `path` is an existing folder. */
  isFolder: (path: string) => Promise<boolean>;
}

/** Names of the fields as the settings view labels them, for messages. */
const LABELS: Record<keyof SettingsFields, string> = {
  realtimeUrl: 'The realtime URL',
  protocol: 'The protocol',
  model: 'The model',
  voice: 'The voice',
  delegate: 'The delegate',
  delegateCommand: 'The delegate command',
  workspace: 'The workspace',
  codexSandbox: 'The Codex sandbox',
  talkMode: 'The talk mode',
  listenOnStart: 'Listen on start',
  historyDays: 'History kept for',
  backend: 'Who answers',
  theme: 'The theme',
  onboarded: 'The first-run flag',
  talkChord: 'The talk key',
  startAtLogin: 'Start at login',
  talkSounds: 'Talk sounds',
};

/**
 * Checks a settings patch whole before anything is saved: fields the environment fixes cannot
 * change here, the workspace must be an existing folder (`~` is the home folder), the key must
 * look like a key, and the patch must not introduce a problem between fields.
 */
export async function checkPatch(
  patch: SettingsUpdate,
  context: PatchContext,
): Promise<Result<CheckedPatch, PatchRefusal>> {
  const { apiKey, ...fields } = patch;
  // A key present with `undefined` (Electron's structured clone keeps it) means "unchanged".
  const defined = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<SettingsFields>;
  const effective = { ...context.stored, ...context.env.overrides };
  for (const [field, value] of Object.entries(defined) as [keyof SettingsFields, unknown][]) {
    const variable = context.env.overriddenBy[field];
    if (variable && value !== effective[field]) {
      const message = `${LABELS[field]} is set by the environment variable ${variable}; change or unset it to edit this here.`;
      return err('invalid_settings', message, field);
    }
  }
  if (typeof defined.workspace === 'string') {
    const workspace = await checkWorkspace(defined.workspace, context);
    if (!workspace.ok) return workspace;
    defined.workspace = workspace.value;
  }
  const key = apiKey?.trim();
  const keyProblem = key ? apiKeyShapeProblem(key) : null;
  if (keyProblem) return err('invalid_settings', keyProblem, 'apiKey');
  const next: SettingsFields = { ...context.stored, ...defined };
  const before = new Set(settingsProblems(effective).map((p) => `${p.field}\n${p.message}`));
  const added = settingsProblems({ ...next, ...context.env.overrides }).find(
    (p) => !before.has(`${p.field}\n${p.message}`),
  );
  if (added) return err('invalid_settings', added.message, added.field);
  return ok({ next, apiKey: key });
}

/** The workspace as it will be stored: absolute, normalised, and an existing folder. */
async function checkWorkspace(
  raw: string,
  context: PatchContext,
): Promise<Result<string, PatchRefusal>> {
  const text = raw.trim();
  const expanded =
    text === '~'
      ? context.homeDir
      : text.startsWith('~/')
        ? join(context.homeDir, text.slice(2))
        : text;
  if (!isAbsolute(expanded)) {
    return err(
      'invalid_settings',
      `Use the full path of the workspace folder (starting with / or ~/), not "${text}".`,
      'workspace',
    );
  }
  const path = resolve(expanded);
  if (!(await context.isFolder(path))) {
    return err('invalid_settings', `There is no folder at ${path}.`, 'workspace');
  }
  return ok(path);
}
