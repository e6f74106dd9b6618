/**
 * The `org.freedesktop.portal.GlobalShortcuts` desktop portal, step by step: register the
 * app (newer portals want host apps to say who they are, matching their `.desktop` file),
 * create a session, bind shortcuts, and listen for `Activated`/`Deactivated`, i.e. press and
 * release. Portal methods answer through a Request object's `Response` signal.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../base/clock';
import { err, ok, type Result } from '../base/result';
import { readVardict, readVariant, vardict, type DBusConnection } from './dbus-connection';
import type { HotkeyError } from './hotkey-backend';

export const PORTAL = {
  bus: 'org.freedesktop.portal.Desktop',
  path: '/org/freedesktop/portal/desktop',
  shortcuts: 'org.freedesktop.portal.GlobalShortcuts',
  request: 'org.freedesktop.portal.Request',
  session: 'org.freedesktop.portal.Session',
  registry: 'org.freedesktop.host.portal.Registry',
} as const;

/** A shortcut to bind. */
export interface PortalShortcut {
  id: string;
  description: string;
  /** In the xdg shortcuts format (`CTRL+ALT+space`); the desktop may choose another. */
  preferredTrigger: string;
}

/** The portal's `version`, or null when the bus has no GlobalShortcuts portal. */
export async function portalVersion(bus: DBusConnection): Promise<number | null> {
  const reply = await bus.call({
    destination: PORTAL.bus,
    path: PORTAL.path,
    interface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    signature: 'ss',
    body: [PORTAL.shortcuts, 'version'],
  });
  if (!reply.ok) return null;
  const version = readVariant(reply.value[0]);
  return typeof version === 'number' ? version : null;
}

/** The portal's unique bus name, so its signals cannot be forged by another client. */
export async function portalOwner(bus: DBusConnection): Promise<string | null> {
  const reply = await bus.call({
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'GetNameOwner',
    signature: 's',
    body: [PORTAL.bus],
  });
  return reply.ok && typeof reply.value[0] === 'string' ? reply.value[0] : null;
}

/** Registers the host app id; `false` when the portal predates registration (nothing to do). */
export async function registerApp(
  bus: DBusConnection,
  appId: string,
): Promise<Result<boolean, HotkeyError>> {
  const reply = await bus.call({
    destination: PORTAL.bus,
    path: PORTAL.path,
    interface: PORTAL.registry,
    member: 'Register',
    signature: 'sa{sv}',
    body: [appId, []],
  });
  if (reply.ok) return ok(true);
  if (/UnknownMethod|UnknownInterface|UnknownObject/.test(reply.error.name)) return ok(false);
  return err('failed', `The portal refused to register ${appId}: ${reply.error.message}`);
}

/** Creates a shortcuts session; resolves with its object path. */
export async function createSession(
  bus: DBusConnection,
  owner: string,
  clock: Clock,
): Promise<Result<string, HotkeyError>> {
  const options = { session_handle_token: ['s', token()] } satisfies PortalOptions;
  const answer = await request(bus, owner, clock, 'CreateSession', 'a{sv}', [], options, 10_000);
  if (!answer.ok) return answer;
  const handle = answer.value.get('session_handle');
  return typeof handle === 'string'
    ? ok(handle)
    : err('failed', 'The portal created no session handle.');
}

/** Binds shortcuts in `session`; resolves with each bound id's trigger description. */
export async function bindShortcuts(
  bus: DBusConnection,
  owner: string,
  clock: Clock,
  session: string,
  shortcuts: readonly PortalShortcut[],
): Promise<Result<Map<string, string>, HotkeyError>> {
  const list = shortcuts.map((s) => [
    s.id,
    vardict({ description: ['s', s.description], preferred_trigger: ['s', s.preferredTrigger] }),
  ]);
  // The desktop may ask the user to confirm in a dialog: give them time.
  const answer = await request(
    bus,
    owner,
    clock,
    'BindShortcuts',
    'oa(sa{sv})sa{sv}',
    [session, list, ''],
    {},
    120_000,
  );
  if (!answer.ok) return answer;
  const bound = new Map<string, string>();
  const raw = answer.value.get('shortcuts');
  for (const entry of Array.isArray(raw) ? raw : []) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const trigger = readVardict(entry[1]).get('trigger_description');
    bound.set(entry[0], typeof trigger === 'string' ? trigger : '');
  }
  return ok(bound);
}

/** Listens for the session's press (`Activated`) and release (`Deactivated`) of shortcuts. */
export async function onShortcutEdges(
  bus: DBusConnection,
  owner: string,
  session: string,
  listener: (edge: 'down' | 'up', shortcutId: string) => void,
): Promise<() => void> {
  const rule = (member: string) => ({
    path: PORTAL.path,
    interface: PORTAL.shortcuts,
    member,
    sender: owner,
  });
  const forward = (edge: 'down' | 'up') => (body: unknown[]) => {
    if (body[0] === session && typeof body[1] === 'string') listener(edge, body[1]);
  };
  const offs = await Promise.all([
    bus.onSignal(rule('Activated'), forward('down')),
    bus.onSignal(rule('Deactivated'), forward('up')),
  ]);
  return () => offs.forEach((off) => off());
}

/** Listens for the desktop closing the session. */
export function onSessionClosed(
  bus: DBusConnection,
  owner: string,
  session: string,
  listener: () => void,
) {
  return bus.onSignal(
    { path: session, interface: PORTAL.session, member: 'Closed', sender: owner },
    () => listener(),
  );
}

/** Closes a session (its shortcuts are unbound). */
export async function closeSession(bus: DBusConnection, session: string): Promise<void> {
  await bus.call({
    destination: PORTAL.bus,
    path: session,
    interface: PORTAL.session,
    member: 'Close',
  });
}

type PortalOptions = Record<string, [signature: string, value: unknown]>;

/**
 * Calls a portal method whose result comes in the `Response` signal of a Request object. The
 * method's last argument is its options vardict: `options` plus the request's handle token.
 */
async function request(
  bus: DBusConnection,
  owner: string,
  clock: Clock,
  member: string,
  signature: string,
  args: unknown[],
  options: PortalOptions,
  timeoutMs: number,
): Promise<Result<Map<string, unknown>, HotkeyError>> {
  const handleToken = token();
  const sender = bus.uniqueName.replace(/^:/, '').replace(/\./g, '_');
  const path = `${PORTAL.path}/request/${sender}/${handleToken}`;
  let settle: (result: Result<Map<string, unknown>, HotkeyError>) => void = () => {};
  const answered = new Promise<Result<Map<string, unknown>, HotkeyError>>(
    (resolve) => (settle = resolve),
  );
  // Subscribe before calling: the Response may come before the call's own reply.
  const off = await bus.onSignal(
    { path, interface: PORTAL.request, member: 'Response', sender: owner },
    (body) => settle(readResponse(member, body)),
  );
  const timer = clock.setTimeout(
    () =>
      settle(err('failed', `The portal did not answer ${member} within ${timeoutMs / 1000} s.`)),
    timeoutMs,
  );
  const body = [...args, vardict({ ...options, handle_token: ['s', handleToken] })];
  const reply = await bus.call({
    destination: PORTAL.bus,
    path: PORTAL.path,
    interface: PORTAL.shortcuts,
    member,
    signature,
    body,
  });
  if (!reply.ok) settle(err('failed', `The portal refused ${member}: ${reply.error.message}`));
  const result = await answered;
  clock.clearTimeout(timer);
  off();
  return result;
}

function readResponse(member: string, body: unknown[]): Result<Map<string, unknown>, HotkeyError> {
  const code = body[0];
  if (code === 0) return ok(readVardict(body[1]));
  if (code === 1) return err('refused', `The desktop’s ${member} dialog was cancelled.`);
  return err('failed', `The portal could not complete ${member} (response ${String(code)}).`);
}

/** A fresh token; tokens are object-path elements: letters, digits and underscores. */
function token(): string {
  return `parley_${randomBytes(6).toString('hex')}`;
}
