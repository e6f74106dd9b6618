import { execFileSync } from 'node:child_process';

/**
 * The path of a system binary a test needs. A missing one fails the test with the Debian
 * package that provides it: these tests never skip.
 */
export function requireBinary(name: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `This test needs \`${name}\`, which is missing: install the Debian package ` +
        `\`${debianPackage}\` (apt-get install -y ${debianPackage}).`,
    );
  }
}
