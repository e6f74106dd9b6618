import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/parley-process';

const run = promisify(execFile);
const SCANNER = join(repoRoot, 'test', 'support', 'electronegativity-offline.mjs');
const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** One row of Electronegativity's CSV. */
interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = (): void => {
    row.push(field.trim());
    field = '';
  };
  const endRow = (): void => {
    endField();
    if (row.some((f) => f !== '')) rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  endRow();
  return rows;
}

/** The reviewed findings SECURITY.md lists: `check file` → the reason given. */
function reviewedFindings(): Map<string, string> {
  const text = readFileSync(join(repoRoot, 'SECURITY.md'), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Electronegativity'));
  if (!section) throw new Error('SECURITY.md has no "## Electronegativity…" section');
  const reviewed = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const check = /^`([A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!check) continue;
    const reason = cells[4] ?? '';
    if (reason.length < 40) throw new Error(`SECURITY.md: ${check} has no written reason`);
    for (const file of (cells[3] ?? '').matchAll(/`([^`]+)`/g))
      reviewed.set(`${check} ${file[1]}`, reason);
  }
  return reviewed;
}

/** Scans a copy of `parts` (with package.json beside them) and returns the CSV's findings. */
async function scan(
  work: string,
  name: string,
  parts: string[],
  electron: string,
): Promise<Finding[]> {
  const input = join(work, name);
  cpSync(join(repoRoot, 'package.json'), join(input, 'package.json'));
  for (const part of parts) cpSync(join(repoRoot, part), join(input, part), { recursive: true });
  const csv = join(work, `${name}.csv`);
  await run(process.execPath, [SCANNER, input, csv, electron], { cwd: repoRoot, timeout: 120_000 });
  const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
  expect(header?.slice(0, 5)).toEqual(['issue', 'severity', 'confidence', 'filename', 'location']);
  return rows.map(([check, severity, confidence, file, location]) => ({
    check: check!,
    severity: severity!,
    confidence: confidence!,
    file: file!,
    location: location!,
  }));
}

describe('Electronegativity over the sources and the build (offline)', () => {
  const work = mkdtempSync(join(tmpdir(), 'parley-eneg-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds nothing above LOW that SECURITY.md does not explain, and SECURITY.md explains nothing stale', async () => {
    if (!existsSync(join(repoRoot, 'out', 'main', 'index.js'))) {
      throw new Error('out/ is missing: build first (`npx electron-vite build`, or `npm test`).');
    }
    const electron = (
      JSON.parse(
        readFileSync(join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
      ) as {
        version: string;
      }
    ).version;
    const [sources, built] = await Promise.all([
      scan(work, 'sources', ['main', 'preload', 'renderer'], electron),
      scan(work, 'built', ['out'], electron),
    ]);
    const findings = [...sources, ...built];
    for (const f of findings) expect(SEVERITIES, `${f.check} severity`).toContain(f.severity);
    // The scanner must have looked at both trees (it reports the Electron version it used).
    expect(sources.some((f) => f.check === 'ELECTRON_VERSION_JSON_CHECK')).toBe(true);
    expect(built.some((f) => f.file.startsWith('out/'))).toBe(true);
    const serious = findings.filter(
      (f) => SEVERITIES.indexOf(f.severity) > SEVERITIES.indexOf('LOW'),
    );
    const reviewed = reviewedFindings();
    const unexplained = serious
      .filter((f) => !reviewed.has(`${f.check} ${f.file}`))
      .map((f) => `${f.check} (${f.severity}) in ${f.file}:${f.location}`);
    expect(unexplained, 'findings above LOW need a reviewed reason in SECURITY.md').toEqual([]);
    const found = new Set(serious.map((f) => `${f.check} ${f.file}`));
    const stale = [...reviewed.keys()].filter((key) => !found.has(key));
    expect(stale, 'SECURITY.md explains findings that are gone: update it').toEqual([]);
    const bySeverity = SEVERITIES.map(
      (s) => `${findings.filter((f) => f.severity === s).length} ${s}`,
    );
    console.log(
      `electronegativity (electron ${electron}): ${findings.length} findings: ${bySeverity.join(', ')}; ${serious.length} above LOW, all reviewed in SECURITY.md`,
    );
  });
});
