/**
 * The Wayland backend: the desktop's GlobalShortcuts portal over D-Bus reports the talk key's
 * press (`Activated`) and release (`Deactivated`). Rebinding opens a new session and closes
 * the old one only once the new chord is bound, so a refused chord leaves the old one working.
 */
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { err, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { formatChord, toPortalTrigger, type Chord } from './chord';
import type { DBusConnection } from './dbus-connection';
import {
  bindShortcuts,
  closeSession,
  createSession,
  onSessionClosed,
  onShortcutEdges,
  portalOwner,
  portalVersion,
  registerApp,
} from './global-shortcuts-portal';
import type {
  BoundHotkey,
  HotkeyBackend,
  HotkeyBackendEvents,
  HotkeyError,
} from './hotkey-backend';

/** The portal shortcut id of the talk key. */
export const TALK_SHORTCUT_ID = 'talk';

/** Options of {@link PortalBackend}. */
export interface PortalBackendOptions {
  /** Opens the session bus. */
  connect(): Promise<Result<DBusConnection, TaggedError>>;
  /** The app id the portal knows Parley by; it names Parley's `.desktop` file. */
  appId: string;
  clock: Clock;
  log: Logger;
}

type Session = { handle: string; offs: (() => void)[] };

/** Hotkey backend over the GlobalShortcuts portal; see the module comment. */
export class PortalBackend implements HotkeyBackend {
  readonly kind = 'portal';
  readonly reportsRelease = true;
  private readonly emitter: TypedEmitter<HotkeyBackendEvents>;
  private bus: { connection: DBusConnection; owner: string; offClose: () => void } | null = null;
  private session: Session | null = null;
  private down = false;
  private disposed = false;

  constructor(private readonly options: PortalBackendOptions) {
    this.emitter = new TypedEmitter((error) =>
      options.log('error', 'hotkey.listener_failed', { error: String(error) }),
    );
  }

  on<K extends keyof HotkeyBackendEvents>(
    event: K,
    listener: (payload: HotkeyBackendEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  async bind(chord: Chord): Promise<Result<BoundHotkey, HotkeyError>> {
    if (this.disposed) throw new Error('PortalBackend.bind after dispose');
    const bus = await this.connect();
    if (!bus.ok) return bus;
    const { connection, owner } = bus.value;
    const { clock } = this.options;
    const created = await createSession(connection, owner, clock);
    if (!created.ok) return created;
    const handle = created.value;
    const shortcut = {
      id: TALK_SHORTCUT_ID,
      description: 'Talk to Parley',
      preferredTrigger: toPortalTrigger(chord),
    };
    const bound = await bindShortcuts(connection, owner, clock, handle, [shortcut]);
    const trigger = bound.ok ? bound.value.get(TALK_SHORTCUT_ID) : undefined;
    if (!bound.ok || trigger === undefined || this.disposed) {
      await closeSession(connection, handle);
      if (!bound.ok) return bound;
      return err('refused', 'The desktop did not bind Parley’s talk shortcut.');
    }
    await this.replaceSession(connection, owner, handle);
    return ok({ chord, label: trigger || formatChord(chord) });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.dropSession();
    this.bus?.offClose();
    this.bus?.connection.close();
    this.bus = null;
    this.emitter.dispose();
  }

  /** Connects once: checks the portal is there and registers the app id. */
  private async connect(): Promise<
    Result<{ connection: DBusConnection; owner: string }, HotkeyError>
  > {
    if (this.bus) return ok(this.bus);
    const opened = await this.options.connect();
    if (!opened.ok) return err('unavailable', opened.error.message);
    const connection = opened.value;
    const [version, owner] = [await portalVersion(connection), await portalOwner(connection)];
    if (version === null || owner === null) {
      connection.close();
      return err(
        'unavailable',
        'The desktop has no global-shortcuts portal (org.freedesktop.portal.GlobalShortcuts).',
      );
    }
    const registered = await registerApp(connection, this.options.appId);
    if (!registered.ok)
      this.options.log('warn', 'hotkey.portal_register_failed', {
        message: registered.error.message,
      });
    this.options.log('info', 'hotkey.portal_connected', {
      version,
      registered: registered.ok && registered.value,
    });
    const offClose = connection.onClose(() => {
      this.bus = null;
      this.lost('The D-Bus session bus went away.');
    });
    this.bus = { connection, owner, offClose };
    return ok(this.bus);
  }

  private async replaceSession(
    connection: DBusConnection,
    owner: string,
    handle: string,
  ): Promise<void> {
    await this.dropSession();
    const offs = [
      await onShortcutEdges(connection, owner, handle, (edge, id) => {
        if (id !== TALK_SHORTCUT_ID) return;
        this.down = edge === 'down';
        this.emitter.emit('key', { action: edge });
      }),
      await onSessionClosed(connection, owner, handle, () =>
        this.lost('The desktop closed Parley’s shortcut session.'),
      ),
    ];
    this.session = { handle, offs };
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (!session) return;
    for (const off of session.offs) off();
    this.releaseIfDown();
    if (this.bus) await closeSession(this.bus.connection, session.handle);
  }

  private lost(message: string): void {
    if (this.disposed) return;
    this.releaseIfDown();
    for (const off of this.session?.offs ?? []) off();
    this.session = null;
    this.options.log('warn', 'hotkey.portal_lost', { message });
    this.emitter.emit('health', { state: 'lost', message });
  }

  private releaseIfDown(): void {
    if (!this.down) return;
    this.down = false;
    this.emitter.emit('key', { action: 'up' });
  }
}
