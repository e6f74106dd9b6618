import { type AudioMessage, decodeAudioMessage } from '../../../preload/audio-wire';
import { createAudioEngine } from '../../../renderer/src/audio/audio-engine';
import type { AudioEnvironment } from '../../../renderer/src/audio/audio-environment';

/** A minimal stand-in for the Web Audio and media APIs the engine touches. */
class FakePort {
  posted: { data: unknown; transfer?: Transferable[] }[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  postMessage(data: unknown, transfer?: Transferable[]): void {
    this.posted.push({ data, ...(transfer ? { transfer } : {}) });
  }
  /** A message from the worklet to the page. */
  fromWorklet(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

class FakeNode {
  port = new FakePort();
  connectedTo: unknown[] = [];
  constructor(
    readonly name: string,
    readonly options: AudioWorkletNodeOptions,
  ) {}
  connect(target: unknown): void {
    this.connectedTo.push(target);
  }
  disconnect(): void {
    this.connectedTo = [];
  }
}

class FakeTrack extends EventTarget {
  stopped = false;
  constructor(readonly deviceId: string) {
    super();
  }
  stop(): void {
    this.stopped = true;
  }
  getSettings(): { deviceId: string } {
    return { deviceId: this.deviceId };
  }
}

export function fakeEnvironment(
  options: {
    rejectRate?: boolean;
    devices?: string[];
    suspended?: boolean;
    /** The first this many worklet module loads fail. */
    failModules?: number;
  } = {},
) {
  /** Calls in order: `getUserMedia`, and `resume` with the context state at the time. */
  const calls: string[] = [];
  const nodes: FakeNode[] = [];
  const tracks: FakeTrack[] = [];
  const constraints: MediaStreamConstraints[] = [];
  const contexts: { options: AudioContextOptions; sinks: string[]; closed: boolean }[] = [];
  const available = new Set(options.devices ?? ['mic-1']);
  const deviceListeners = new Set<() => void>();
  let gate: { opened: Promise<void>; open: () => void } | null = null;
  let failModules = options.failModules ?? 0;
  const mediaDevices = {
    async getUserMedia(c: MediaStreamConstraints) {
      calls.push('getUserMedia');
      constraints.push(c);
      await gate?.opened;
      const audio = c.audio as MediaTrackConstraints;
      const wanted = (audio.deviceId as { exact?: string } | undefined)?.exact;
      if (wanted && !available.has(wanted)) {
        throw Object.assign(new Error('gone'), { name: 'OverconstrainedError' });
      }
      const track = new FakeTrack(wanted ?? 'default-mic');
      tracks.push(track);
      return { getAudioTracks: () => [track], getTracks: () => [track] };
    },
    async enumerateDevices() {
      return [...available].map((deviceId) => ({ kind: 'audioinput', deviceId, label: '' }));
    },
    addEventListener: (_: string, l: () => void) => deviceListeners.add(l),
    removeEventListener: (_: string, l: () => void) => deviceListeners.delete(l),
  };
  const env: AudioEnvironment = {
    mediaDevices: mediaDevices as unknown as MediaDevices,
    createContext(ctxOptions) {
      if (options.rejectRate && ctxOptions.sampleRate) throw new Error('NotSupportedError');
      const record = { options: ctxOptions, sinks: [] as string[], closed: false };
      contexts.push(record);
      // Like Chromium without a user gesture: a resume before capture starts stays pending.
      let capturing = false;
      const ctx = {
        state: options.suspended ? 'suspended' : 'running',
        destination: { destination: true },
        audioWorklet: {
          addModule: async () => {
            if (failModules > 0 && failModules--) throw new Error('module failed to load');
          },
        },
        resume: () => {
          calls.push(`resume:${ctx.state}`);
          if (capturing) ctx.state = 'running';
          return capturing ? Promise.resolve() : new Promise<void>(() => {});
        },
        close: async () => void (record.closed = true),
        setSinkId: async (id: string) => void record.sinks.push(id),
        createMediaStreamSource: () => {
          capturing = true;
          return { connect() {}, disconnect() {} };
        },
      };
      return ctx as unknown as AudioContext;
    },
    createWorkletNode(_ctx, name, nodeOptions) {
      const node = new FakeNode(name, nodeOptions);
      nodes.push(node);
      return node as unknown as AudioWorkletNode;
    },
    workletUrls: { capture: 'capture.js', player: 'player.js' },
    canSetSinkId: true,
  };
  return {
    env,
    calls,
    nodes,
    tracks,
    constraints,
    contexts,
    /** getUserMedia waits until the returned function is called (a permission prompt). */
    holdMicrophone: (): (() => void) => {
      let open = (): void => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { opened, open };
      return open;
    },
    unplug: (id: string) => available.delete(id),
    plug: (id: string) => available.add(id),
    fireDeviceChange: () => deviceListeners.forEach((l) => l()),
    node: (name: string) => nodes.find((n) => n.name === name),
  };
}

/** An engine on a fake environment; `sent` records what it sent to main, decoded. */
export function setup(options: Parameters<typeof fakeEnvironment>[0] = {}) {
  const fake = fakeEnvironment(options);
  const sent: AudioMessage[] = [];
  const engine = createAudioEngine({
    env: fake.env,
    send: (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'error') throw new Error(msg.error);
      sent.push(msg);
    },
  });
  return { ...fake, engine, sent };
}
