import { existsSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Lets plain `node` run the benchmarks against the sources: main/ and test/ import siblings
 * without an extension (tsconfig `moduleResolution: Bundler`), which Node's own resolver
 * rejects. A relative, extension-less import from a `.ts` file resolves to the `.ts` file next
 * to it when there is one. Load with `node --import ./bench/resolve-ts.ts`.
 */
registerHooks({
  resolve(specifier, context, nextResolve) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    const parent = context.parentURL;
    if (relative && parent?.endsWith('.ts') && !/\.[cm]?[jt]s$/.test(specifier)) {
      const candidate = new URL(`${specifier}.ts`, parent);
      if (existsSync(fileURLToPath(candidate))) return nextResolve(candidate.href, context);
    }
    return nextResolve(specifier, context);
  },
});
