/**
 * The offline engine: a loopback server that speaks the V2 realtime protocol with local models
 * (Silero VAD, grammar-constrained soundswallower recognition, a flite voice), so a normal V2
 * session works with no API key and no network. The app needs only what is exported here.
 */
export {
  startOfflineEngine,
  type OfflineEngine,
  type OfflineEngineEvents,
  type OfflineEngineOptions,
} from './offline-engine';
export { createOfflineModels, type OfflineModels } from './offline-models';
