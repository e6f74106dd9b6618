import type { LiveLink } from './live-link';
import { buildSessionUpdate } from './session-config';
import { withRecap } from './session-preflight';
import type { ReopenReason } from './session-recovery';
import type { SessionStartConfig } from './session-types';

/** The effects of {@link openProtocolSession}. */
export interface HandshakeDeps {
  /** Write one client event on the new socket now. */
  send(event: object): void;
  live: LiveLink;
  /** Release the sockets (a refused Live start). */
  closeSockets(): void;
}

/**
 * Opens the protocol's session on a fresh socket. V1/V2: `session.update`, whose instructions
 * carry the recap on a reconnect. Live: `session.start` (a replacement session gets the recap
 * as its start-up history), then nothing else until `session.started`; a refused start
 * releases the sockets and rejects. Resolves false when a stop or a newer start overtook it.
 */
export async function openProtocolSession(
  config: SessionStartConfig,
  why: 'start' | ReopenReason,
  deps: HandshakeDeps,
): Promise<boolean> {
  if (config.protocol !== 'live') {
    const instructions =
      why === 'start' ? config.instructions : withRecap(config.instructions, config.recap?.());
    deps.send(
      buildSessionUpdate({
        protocol: config.protocol,
        instructions,
        voice: config.voice,
        talkMode: config.talkMode,
      }),
    );
    return true;
  }
  const start = deps.live.startEvent(config, why !== 'start');
  try {
    return await deps.live.begin(() => deps.send(start));
  } catch (error) {
    deps.closeSockets();
    throw error;
  }
}
