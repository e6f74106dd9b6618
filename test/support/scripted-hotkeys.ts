import type { HotkeyChoice } from '../../main/hotkey/backend-selection';
import type { HotkeyBackendKind } from '../../main/hotkey/hotkey-backend';
import type { HotkeyProvider } from '../../main/app/hotkey-service';
import { ScriptedHotkeyBackend } from '../fakes/scripted-hotkey-backend';

/** A hotkey provider over scripted backends: `backends` holds every one it built, by kind. */
export function scriptedHotkeys(
  choice: HotkeyChoice = {
    backend: 'hook',
    fallbacks: ['global-shortcut'],
    reason: 'X11: the keyboard hook sees the talk key’s press and release.',
    remedy: null,
  },
) {
  const backends = new Map<HotkeyBackendKind, ScriptedHotkeyBackend>();
  const provider: HotkeyProvider = {
    choose: () => Promise.resolve(choice),
    create: (kind) => {
      const backend = new ScriptedHotkeyBackend(kind);
      backends.set(kind, backend);
      return backend;
    },
  };
  return { provider, backends };
}
