// `node --import <this file> out/main/index.js`: maps the specifier `electron` to the
// recording stand-in, so the built Electron main runs under plain Node.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      const standIn = ${JSON.stringify(new URL('./electron-stand-in.mjs', import.meta.url).href)};
      export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return { url: standIn, shortCircuit: true };
        return next(specifier, context);
      }
    `),
);
