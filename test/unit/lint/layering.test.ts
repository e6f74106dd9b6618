import { resolve } from 'node:path';
import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import layering from '../../../eslint-rules/layering.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = resolve(import.meta.dirname, '..', '..', '..');
const at = (path: string) => resolve(root, path);
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
});

tester.run('parley/layering', layering, {
  valid: [
    { filename: at('main/realtime/x.ts'), code: "import { a } from '../base/clock';" },
    { filename: at('main/handoff/x.ts'), code: "import { a } from '../realtime/realtime-events';" },
    { filename: at('main/app/x.ts'), code: "import { a } from '../delegate/task-registry';" },
    { filename: at('main/host/x.ts'), code: "import { a } from '../app/parley-app';" },
    { filename: at('main/index.ts'), code: "import { a } from './ipc/electron-ipc';" },
    {
      filename: at('renderer/src/x.ts'),
      code: "import { a } from '../../main/base/typed-emitter';",
    },
    { filename: at('renderer/src/x.ts'), code: "import { a } from '../../preload/contract';" },
    { filename: at('main/audio/x.ts'), code: "import { a } from '../../preload/audio-wire';" },
    { filename: at('main/audio/x.ts'), code: "import { readFile } from 'node:fs/promises';" },
    { filename: at('test/unit/x.ts'), code: "import { a } from '../../main/app/boot';" },
  ],
  invalid: [
    {
      filename: at('main/realtime/x.ts'),
      code: "import type { ParleyApp } from '../app/parley-app';",
      errors: [
        {
          messageId: 'wrongLayer',
          data: { from: 'realtime', to: 'app', spec: '../app/parley-app' },
        },
      ],
    },
    {
      filename: at('main/base/x.ts'),
      code: "export { a } from '../realtime/endpoint';",
      errors: [{ messageId: 'wrongLayer' }],
    },
    {
      filename: at('main/realtime/x.ts'),
      code: "import { a } from '../handoff/handoff-machine';",
      errors: [{ messageId: 'wrongLayer' }],
    },
    {
      filename: at('main/app/x.ts'),
      code: "const m = import('../host/cli');",
      errors: [{ messageId: 'wrongLayer' }],
    },
    {
      filename: at('main/ipc/x.ts'),
      code: "import { a } from '../realtime/realtime-session';",
      errors: [{ messageId: 'wrongLayer' }],
    },
    {
      filename: at('renderer/src/x.ts'),
      code: "import { a } from '../../main/base/logger';",
      errors: [{ messageId: 'wrongLayer' }],
    },
    {
      filename: at('preload/contract.ts'),
      code: "import { a } from '../main/app/parley-app';",
      errors: [{ messageId: 'wrongLayer' }],
    },
  ],
});
