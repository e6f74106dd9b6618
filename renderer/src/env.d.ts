/// <reference types="vite/client" />
import type { ParleyApi } from '../../preload/contract';
import type { AudioDiagnostics } from './audio/types';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host. */
    parley?: ParleyApi;
    /** Read-only audio snapshot (AudioContext clock, per-item played counts), set by App.vue. */
    parleyAudioDiagnostics?: () => AudioDiagnostics | null;
  }
}
