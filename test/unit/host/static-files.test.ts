import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticFile } from '../../../main/host/static-files';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'parley-static-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {}');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'assets', 'data.bin'), Buffer.from([1, 2, 3]));
  await writeFile(join(root, 'assets', 'LOUD.JS'), 'export {}');
  await writeFile(join(root, 'a b.svg'), '<svg/>');
  // A sibling whose name starts with the root's name: must not count as inside.
  await mkdir(join(base, 'renderer-secret'));
  await writeFile(join(base, 'renderer-secret', 'key.txt'), 'secret');
  await writeFile(join(base, 'secret.txt'), 'secret');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('readStaticFile', () => {
  it.each([
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/assets/data.bin', 'application/octet-stream'],
    ['/assets/LOUD.JS', 'text/javascript; charset=utf-8'],
    ['/a%20b.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const file = await readStaticFile(root, path);
    expect(file?.type).toBe(type);
    expect(file?.body).toBeInstanceOf(Buffer);
  });

  it('returns the bytes of the file', async () => {
    expect((await readStaticFile(root, '/assets/data.bin'))?.body).toEqual(Buffer.from([1, 2, 3]));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/../renderer-secret/key.txt',
    '/%2e%2e/renderer-secret/key.txt',
  ])('refuses the traversal %s', async (path) => {
    expect(await readStaticFile(root, path)).toBeNull();
  });

  it.each(['/index.html%00.js', '/index.html\0', '/%00'])(
    'refuses the NUL byte in %j',
    async (p) => {
      expect(await readStaticFile(root, p)).toBeNull();
    },
  );

  it.each(['/%E0%A4%A', '/%', '/%zz'])('refuses the malformed escape %s', async (path) => {
    expect(await readStaticFile(root, path)).toBeNull();
  });

  it.each(['/missing.js', '/', '/assets', '/assets/', '/index.html/'])(
    'returns null for %s (missing or not a file)',
    async (path) => {
      expect(await readStaticFile(root, path)).toBeNull();
    },
  );

  it('works with a root given with a trailing slash or dot segments', async () => {
    expect(await readStaticFile(`${root}/`, '/index.html')).not.toBeNull();
    expect(await readStaticFile(join(root, 'assets') + '/../', '/index.html')).not.toBeNull();
    expect(await readStaticFile(`${root}/assets/..`, '/../secret.txt')).toBeNull();
  });
});
