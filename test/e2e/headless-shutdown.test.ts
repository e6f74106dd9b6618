import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import { processesMatching } from '../support/processes';

let realtime: ScriptedRealtimeServer | null = null;
let parley: ParleyProcess | null = null;
afterEach(async () => {
  await parley?.stop('SIGKILL');
  await realtime?.close();
  parley = realtime = null;
});

describe('parley serve --headless stops its delegates before it exits', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: a delegate that ignores SIGTERM is killed, and nothing of its tree outlives the host',
    async (signal) => {
      // A command that ignores SIGTERM, as a careless agent might; its sleep carries a marker.
      const marker = `sleep 47.${process.pid}${signal === 'SIGINT' ? 1 : 2}`;
      realtime = await startScriptedRealtimeServer({
        script: [
          { waitFor: 'session.update' },
          {
            send: {
              type: 'conversation.item.done',
              item: {
                id: 'i_c1',
                type: 'function_call',
                call_id: 'c1',
                name: 'background_agent',
                arguments: JSON.stringify({ prompt: 'do something slow' }),
              },
            },
          },
        ],
      });
      parley = startParley(['--headless'], {
        OPENAI_API_KEY: 'sk-headless-shutdown-01',
        PARLEY_LISTEN_ON_START: '1',
        PARLEY_REALTIME_URL: realtime.url,
        PARLEY_REALTIME_PROTOCOL: 'v2',
        PARLEY_TALK_MODE: 'hands-free',
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: `trap '' TERM; ${marker}; echo too late`,
        PARLEY_WORKSPACE: process.cwd(),
      });
      await parley.waitFor((r) => r.event === 'delegate.command.started', 15_000);
      const seen = Date.now() + 5_000;
      while (processesMatching(marker).length === 0) {
        if (Date.now() > seen) throw new Error('the delegate never showed up as a process');
        await new Promise((r) => setTimeout(r, 50));
      }
      parley.child.kill(signal);
      expect(await parley.exited).toBe(0);
      // Checked the moment the host is gone: no grace for a straggler.
      expect(processesMatching(marker)).toEqual([]);
      expect(parley.records.some((r) => r.event === 'app.stopped')).toBe(true);
    },
  );
});
