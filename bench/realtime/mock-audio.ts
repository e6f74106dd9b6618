/** The audio the loopback mock sends and the clients capture: 20 ms frames of a quiet tone. */

/** Samples in one 20 ms frame at 24 kHz. */
export const FRAME_SAMPLES = 480;
/** One frame lasts this long. */
export const FRAME_MS = 20;

/** `samples` of a quiet tone starting at `phase`, as PCM16. */
export function tone(samples: number, phase = 0): Int16Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(1200 * Math.sin((phase + i) / 6));
  return pcm;
}

/** One 20 ms frame of tone, as the base64 of its little-endian bytes. */
export const FRAME_BASE64 = Buffer.from(tone(FRAME_SAMPLES).buffer).toString('base64');

/** Calls `tick(k)` for k = 0… every `periodMs` on a drift-free schedule until it returns false. */
export function paced(periodMs: number, tick: (k: number) => boolean): () => void {
  const start = performance.now();
  let k = 0;
  let timer: NodeJS.Timeout | null = null;
  const step = (): void => {
    timer = null;
    // A late wake-up catches up at once, like a device that delivers what it buffered.
    while (performance.now() >= start + k * periodMs) {
      if (!tick(k++)) return;
    }
    timer = setTimeout(step, Math.max(0, start + k * periodMs - performance.now()));
  };
  step();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
