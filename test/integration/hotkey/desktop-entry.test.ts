import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PARLEY_APP_ID } from '../../../main/hotkey/app-id';
import { REMOTE_FLAGS } from '../../../main/hotkey/remote-command';
import { repoRoot } from '../../support/parley-process';
import { requireBinary } from '../../support/system-binary';

const file = join(repoRoot, 'build', `${PARLEY_APP_ID}.desktop`);

describe('the .desktop file the portal and packaging rely on', () => {
  it('is named for the app id and passes desktop-file-validate', async () => {
    const validate = requireBinary('desktop-file-validate', 'desktop-file-utils');
    const { stdout, stderr } = await promisify(execFile)(validate, [file]);
    expect(`${stdout}${stderr}`).toBe('');
  });

  it('offers every remote command as a desktop action', () => {
    const text = readFileSync(file, 'utf8');
    const execs = [...text.matchAll(/^Exec=parley (--\w+)$/gm)].map((m) => m[1]);
    expect(execs.sort()).toEqual(Object.keys(REMOTE_FLAGS).sort());
  });
});
