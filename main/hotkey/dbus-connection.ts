/**
 * A promise-shaped, typed D-Bus client over `@homebridge/dbus-native`: method calls resolve
 * to their reply body or a tagged error, signals are filtered by path, interface, member and
 * sender, and variants are read without the library's nesting. Parley opens the socket itself
 * so `unix:abstract=` addresses work without a native add-on.
 */
import { connect as netConnect, type Socket } from 'node:net';
import dbusNative from '@homebridge/dbus-native';
import type { Clock, TimerHandle } from '../base/clock';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';

/** A method call. */
export interface DBusCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** Which signals a listener wants. */
export interface DBusSignalRule {
  path: string;
  interface: string;
  member: string;
  /** The sender's unique name (`:1.42`), so another client cannot forge the signal. */
  sender?: string;
}

/** A D-Bus error reply: `name` is its error name (`org.freedesktop.DBus.Error.UnknownMethod`). */
export type DBusCallError = TaggedError<'dbus'> & { readonly name: string };

/** A connection to a message bus. */
export interface DBusConnection {
  /** This connection's unique name on the bus. */
  readonly uniqueName: string;
  call(call: DBusCall): Promise<Result<unknown[], DBusCallError>>;
  /** Adds a match rule for the signal and listens; resolves with the unsubscribe function. */
  onSignal(rule: DBusSignalRule, listener: (body: unknown[]) => void): Promise<() => void>;
  /** The bus connection ended (daemon gone, socket closed). */
  onClose(listener: () => void): () => void;
  close(): void;
}

/** The part of the library's bus object used here (its bundled types omit most of it). */
interface RawBus {
  name?: string;
  connection: {
    on(event: 'message', listener: (msg: RawMessage) => void): void;
    on(event: 'error' | 'end', listener: (error?: unknown) => void): void;
    removeListener(event: 'message', listener: (msg: RawMessage) => void): void;
  };
  invoke(msg: DBusCall, callback: (error: RawError | null, ...body: unknown[]) => void): void;
}
const library = dbusNative as unknown as { sessionBus(options: { stream: Socket }): RawBus };
interface RawMessage {
  type: number;
  path?: string;
  interface?: string;
  member?: string;
  sender?: string;
  body?: unknown[];
}
interface RawError {
  name?: string;
  message?: string;
}

const SIGNAL = 4;
const BUS = {
  destination: 'org.freedesktop.DBus',
  path: '/org/freedesktop/DBus',
  interface: 'org.freedesktop.DBus',
};

/** The value inside a variant as the library unmarshals it (`[[signature], [value]]`). */
export function readVariant(raw: unknown): unknown {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[1])) return raw[1][0];
  return raw;
}

/** An `a{sv}` as the library unmarshals it, as a map of plain values. */
export function readVardict(raw: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (!Array.isArray(raw)) return map;
  for (const entry of raw) {
    if (Array.isArray(entry) && typeof entry[0] === 'string')
      map.set(entry[0], readVariant(entry[1]));
  }
  return map;
}

/** An `a{sv}` to send: `{ key: ['s', 'value'] }` → the library's `[[key, [sig, value]]]`. */
export function vardict(entries: Record<string, [signature: string, value: unknown]>): unknown[] {
  return Object.entries(entries).map(([key, variant]) => [key, variant]);
}

/** Connects to the session bus at `address` [`$DBUS_SESSION_BUS_ADDRESS`]. */
export async function connectSessionBus(
  clock: Clock,
  address = process.env.DBUS_SESSION_BUS_ADDRESS,
  timeoutMs = 3_000,
): Promise<Result<DBusConnection, TaggedError<'no-bus'>>> {
  if (!address)
    return err('no-bus', 'There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set).');
  const socket = openSocket(address);
  if (!socket)
    return err(
      'no-bus',
      `The D-Bus address "${address}" has no unix path or abstract socket Parley can use.`,
    );
  const bus = library.sessionBus({ stream: socket });
  const failed = new Promise<string>((resolve) => {
    bus.connection.on('error', (error) => resolve(errorMessage(error)));
    bus.connection.on('end', () => resolve('the bus closed the connection'));
  });
  // The first reply after Hello's means Hello's arrived and `bus.name` is set.
  const ready = new Promise<string>((resolve) =>
    bus.invoke({ ...BUS, member: 'GetId' }, (e) => resolve(e ? 'Hello was refused' : '')),
  );
  let timer: TimerHandle | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = clock.setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const problem = await Promise.race([ready, failed, timeout]);
  if (timer !== undefined) clock.clearTimeout(timer);
  if (problem || !bus.name) {
    socket.destroy();
    return err('no-bus', `The D-Bus session bus is not usable: ${problem || 'no unique name'}.`);
  }
  return ok(wrap(bus, bus.name, socket));
}

function openSocket(address: string): Socket | null {
  for (const entry of address.split(';')) {
    const [transport, params = ''] = entry.split(/:(.*)/s);
    if (transport !== 'unix') continue;
    const values = new Map(params.split(',').map((kv) => kv.split('=') as [string, string]));
    const path = values.get('path') ?? values.get('socket');
    if (path) return netConnect(decodeURIComponent(path));
    const abstract = values.get('abstract');
    if (abstract) return netConnect(`\0${decodeURIComponent(abstract)}`);
  }
  return null;
}

function wrap(bus: RawBus, uniqueName: string, socket: Socket): DBusConnection {
  const failure = (name: string, message: string) => ({
    ok: false as const,
    error: { tag: 'dbus' as const, name, message },
  });
  const call = (msg: DBusCall): Promise<Result<unknown[], DBusCallError>> =>
    new Promise((resolve) => {
      try {
        bus.invoke(msg, (error, ...body) => {
          if (!error) return resolve(ok(body));
          const name = error.name ?? 'org.freedesktop.DBus.Error.Failed';
          resolve(failure(name, error.message || name));
        });
      } catch (error) {
        // The library throws when a body does not fit its signature.
        resolve(failure('org.freedesktop.DBus.Error.InvalidArgs', errorMessage(error)));
      }
    });
  return {
    uniqueName,
    call,
    onSignal: async (rule, listener) => {
      const match = matchRule(rule);
      await call({ ...BUS, member: 'AddMatch', signature: 's', body: [match] });
      const onMessage = (msg: RawMessage): void => {
        if (msg.type !== SIGNAL || msg.path !== rule.path || msg.interface !== rule.interface)
          return;
        if (msg.member !== rule.member || (rule.sender && msg.sender !== rule.sender)) return;
        listener(msg.body ?? []);
      };
      bus.connection.on('message', onMessage);
      return () => {
        bus.connection.removeListener('message', onMessage);
        void call({ ...BUS, member: 'RemoveMatch', signature: 's', body: [match] });
      };
    },
    onClose: (listener) => {
      const onEnd = (): void => listener();
      socket.on('close', onEnd);
      return () => socket.off('close', onEnd);
    },
    close: () => socket.destroy(),
  };
}

function matchRule(rule: DBusSignalRule): string {
  const parts = [
    `type='signal'`,
    `path='${rule.path}'`,
    `interface='${rule.interface}'`,
    `member='${rule.member}'`,
  ];
  if (rule.sender) parts.push(`sender='${rule.sender}'`);
  return parts.join(',');
}
