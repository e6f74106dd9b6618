// Vite's `?worker&url` bundles each worklet with its imports into one file served from 'self'
// (allowed by the page CSP's `script-src 'self'`) and gives its URL for `audioWorklet.addModule`.
import captureUrl from './worklets/capture-processor.js?worker&url';
import playerUrl from './worklets/player-processor.js?worker&url';

/** URLs of the capture and player AudioWorklet modules. */
export const workletUrls = { capture: captureUrl, player: playerUrl } as const;
