import dbusNative from '@homebridge/dbus-native';
import { readVardict } from '../../main/hotkey/dbus-connection';
import { PORTAL } from '../../main/hotkey/global-shortcuts-portal';

/** How the fake desktop behaves. */
export interface FakePortalOptions {
  /** GlobalShortcuts `version`; null: the portal runs but has no GlobalShortcuts interface [1]. */
  version?: number | null;
  /** Whether it has `org.freedesktop.host.portal.Registry` (newer portals) [true]. */
  registry?: boolean;
  /** The BindShortcuts response code: 0 bound, 1 the user cancelled, 2 failed [0]. */
  bindResponse?: 0 | 1 | 2;
  /** Answer BindShortcuts without binding the shortcut asked for [false]. */
  bindNothing?: boolean;
}

/** One method call the fake received. */
export interface PortalCall {
  member: string;
  sender: string;
  args: unknown[];
}

/** A fake `org.freedesktop.portal.Desktop` on a real bus, written with the same D-Bus library. */
export interface FakePortal {
  readonly calls: PortalCall[];
  /** Session handles created, and those closed (by the app or by {@link closeSession}). */
  readonly sessions: string[];
  readonly closed: string[];
  /** The trigger each BindShortcuts asked for, by shortcut id. */
  readonly preferred: Map<string, string>;
  /** The desktop saw the shortcut pressed / released (in the latest session). */
  activate(id?: string): void;
  deactivate(id?: string): void;
  /** The desktop closes the latest session. */
  closeSession(): void;
  /** Emits a signal as the portal, e.g. to check that the app checks the session handle. */
  signal(path: string, iface: string, member: string, signature: string, body: unknown[]): void;
  stop(): void;
}

interface RawServerBus {
  requestName(name: string, flags: number, callback: (error: unknown, code: number) => void): void;
  exportInterface(impl: object, path: string, iface: object): void;
  sendSignal(path: string, iface: string, member: string, signature: string, body: unknown[]): void;
  connection: { end(): void; message(msg: Record<string, unknown>): void };
}
type RawMessage = { sender: string };

const library = dbusNative as unknown as {
  sessionBus(options: { busAddress: string }): RawServerBus;
};

/**
 * Sends a signal from a client that is not the portal (a forger), both broadcast and addressed
 * to `destination` (an addressed signal reaches it whatever its match rules), then disconnects.
 */
export async function sendSignalAsAnotherClient(
  address: string,
  destination: string,
  signal: { path: string; iface: string; member: string; signature: string; body: unknown[] },
): Promise<void> {
  const bus = library.sessionBus({ busAddress: address });
  bus.sendSignal(signal.path, signal.iface, signal.member, signal.signature, signal.body);
  bus.connection.message({
    type: 4,
    serial: 1_000,
    destination,
    path: signal.path,
    interface: signal.iface,
    member: signal.member,
    signature: signal.signature,
    body: signal.body,
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  bus.connection.end();
}

/** Starts the fake portal on the bus at `address`. */
export async function startFakePortal(
  address: string,
  options: FakePortalOptions = {},
): Promise<FakePortal> {
  const bus = library.sessionBus({ busAddress: address });
  const code = await new Promise<number>((resolve, reject) =>
    bus.requestName(PORTAL.bus, 4, (error, reply) => (error ? reject(error) : resolve(reply))),
  );
  if (code !== 1) throw new Error(`the fake portal could not own ${PORTAL.bus} (reply ${code})`);
  const calls: PortalCall[] = [];
  const sessions: string[] = [];
  const closed: string[] = [];
  const preferred = new Map<string, string>();
  const respond = (path: string, response: number, results: unknown[]): void => {
    setTimeout(
      () => bus.sendSignal(path, PORTAL.request, 'Response', 'ua{sv}', [response, results]),
      5,
    );
  };
  const requestPath = (msg: RawMessage, opts: unknown): string => {
    const token = String(readVardict(opts).get('handle_token') ?? 'unnamed');
    return `${PORTAL.path}/request/${msg.sender.slice(1).replace(/\./g, '_')}/${token}`;
  };
  const record = (member: string, msg: RawMessage, args: unknown[]): void => {
    calls.push({ member, sender: msg.sender, args });
  };
  const shortcuts = {
    version: options.version ?? 1,
    CreateSession(opts: unknown, msg: RawMessage): string {
      record('CreateSession', msg, [opts]);
      const token = String(readVardict(opts).get('session_handle_token') ?? `s${sessions.length}`);
      const handle = `${PORTAL.path}/session/${msg.sender.slice(1).replace(/\./g, '_')}/${token}`;
      sessions.push(handle);
      bus.exportInterface(
        { Close: (m: RawMessage) => void (record('Close', m, [handle]), closed.push(handle)) },
        handle,
        { name: PORTAL.session, methods: { Close: ['', ''] }, signals: { Closed: ['a{sv}'] } },
      );
      const path = requestPath(msg, opts);
      respond(path, 0, [['session_handle', ['s', handle]]]);
      return path;
    },
    BindShortcuts(
      session: string,
      list: unknown,
      parent: string,
      opts: unknown,
      msg: RawMessage,
    ): string {
      record('BindShortcuts', msg, [session, list, parent]);
      const bound: unknown[] = [];
      for (const entry of Array.isArray(list) ? list : []) {
        const [id, props] = entry as [string, unknown];
        const trigger = String(readVardict(props).get('preferred_trigger') ?? '');
        preferred.set(id, trigger);
        const description = `Press ${trigger.replace(/\+/g, ' + ')}`;
        bound.push([
          id,
          [
            ['description', ['s', 'bound']],
            ['trigger_description', ['s', description]],
          ],
        ]);
      }
      const path = requestPath(msg, opts);
      const response = options.bindResponse ?? 0;
      respond(
        path,
        response,
        response === 0 ? [['shortcuts', ['a(sa{sv})', options.bindNothing ? [] : bound]]] : [],
      );
      return path;
    },
  };
  if (options.version !== null) {
    bus.exportInterface(shortcuts, PORTAL.path, {
      name: PORTAL.shortcuts,
      methods: { CreateSession: ['a{sv}', 'o'], BindShortcuts: ['oa(sa{sv})sa{sv}', 'o'] },
      signals: { Activated: ['osta{sv}'], Deactivated: ['osta{sv}'] },
      properties: { version: 'u' },
    });
  }
  if (options.registry !== false) {
    const registry = {
      Register: (appId: string, opts: unknown, msg: RawMessage) =>
        void record('Register', msg, [appId, opts]),
    };
    bus.exportInterface(registry, PORTAL.path, {
      name: PORTAL.registry,
      methods: { Register: ['sa{sv}', ''] },
    });
  }
  const edge = (member: 'Activated' | 'Deactivated', id: string): void => {
    const session = sessions.at(-1);
    if (session)
      bus.sendSignal(PORTAL.path, PORTAL.shortcuts, member, 'osta{sv}', [
        session,
        id,
        Date.now(),
        [],
      ]);
  };
  return {
    calls,
    sessions,
    closed,
    preferred,
    activate: (id = 'talk') => edge('Activated', id),
    deactivate: (id = 'talk') => edge('Deactivated', id),
    closeSession: () => {
      const session = sessions.at(-1);
      if (session) bus.sendSignal(session, PORTAL.session, 'Closed', 'a{sv}', [[]]);
    },
    signal: (path, iface, member, signature, body) =>
      bus.sendSignal(path, iface, member, signature, body),
    stop: () => bus.connection.end(),
  };
}
