// Parley's import layers, enforced on every relative import (VS Code does the same with its
// `code-layering` rule): base ← parts ← app ← ipc/host ← shell. docs/architecture.md says why.
import { dirname, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Path prefix (from the repo root) → layer. The first match wins. */
const LAYERS = [
  ['main/base/', 'base'],
  ['main/realtime/', 'realtime'],
  ['main/audio/', 'audio'],
  ['main/delegate/', 'delegate'],
  ['main/handoff/', 'handoff'],
  ['main/store/', 'store'],
  ['main/config/', 'config'],
  ['main/offline/', 'offline'],
  ['main/hotkey/', 'hotkey'],
  ['main/app/', 'app'],
  ['main/ipc/', 'ipc'],
  ['main/host/', 'host'],
  ['main/shell/', 'shell'],
  ['main/index.ts', 'shell'],
  ['preload/index.ts', 'preload'],
  ['preload/', 'contract'],
  ['renderer/', 'renderer'],
];

const PARTS = ['realtime', 'audio', 'delegate', 'handoff', 'store', 'config', 'offline', 'hotkey'];

/** Layer → the layers it may import. */
const ALLOWED = {
  base: ['base'],
  contract: ['contract', 'shared-base'],
  realtime: ['base', 'contract', 'realtime'],
  audio: ['base', 'contract', 'realtime', 'audio'],
  delegate: ['base', 'contract', 'delegate'],
  handoff: ['base', 'contract', 'realtime', 'delegate', 'handoff'],
  store: ['base', 'contract', 'store'],
  config: ['base', 'contract', 'realtime', 'config'],
  offline: ['base', 'contract', 'realtime', 'audio', 'offline'],
  hotkey: ['base', 'contract', 'hotkey'],
  app: ['base', 'contract', ...PARTS, 'app'],
  ipc: ['base', 'contract', 'app', 'ipc'],
  host: ['base', 'contract', 'app', 'ipc', 'host'],
  shell: ['base', 'contract', ...PARTS, 'app', 'ipc', 'shell'],
  preload: ['contract', 'shared-base', 'preload'],
  renderer: ['contract', 'shared-base', 'renderer'],
};

/** The pure base modules the preload and the renderer share with main. */
const SHARED_BASE = new Set(['main/base/typed-emitter', 'main/base/result']);

const normal = (path) => relative(root, path).split(sep).join('/');

function layerOf(path) {
  const rel = normal(path);
  for (const [prefix, layer] of LAYERS) if (rel === prefix || rel.startsWith(prefix)) return layer;
  return null;
}

/** The layer a target counts as for `from`: shared base modules are their own layer there. */
function targetLayer(target) {
  const layer = layerOf(target);
  if (layer === 'base' && SHARED_BASE.has(normal(target).replace(/\.(ts|js)$/, ''))) {
    return ['base', 'shared-base'];
  }
  return layer === null ? [] : [layer];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Imports run downward only: base ← parts ← app ← ipc/host ← shell.' },
    schema: [],
    messages: {
      wrongLayer:
        '{{from}} may not import {{to}} ({{spec}}): imports run downward only, base ← parts ← app ← ipc/host ← shell (docs/architecture.md).',
    },
  },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (from === null) return {};
    const allowed = ALLOWED[from];
    function check(node) {
      const spec = node?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolve(dirname(file), spec);
      const layers = targetLayer(target);
      if (layers.length === 0 || layers.some((layer) => allowed.includes(layer))) return;
      context.report({ node, messageId: 'wrongLayer', data: { from, to: layers[0], spec } });
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
