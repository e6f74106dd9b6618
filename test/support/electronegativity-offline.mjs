/**
 * Runs Electronegativity's scanner on one folder and writes its CSV, with no network: its
 * translation download and the check that asks GitHub for Electron releases are its only
 * network uses, and both are cut off here (`got` refuses). Usage: <input> <out.csv> <electron>.
 */
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';

const originalLoad = Module._load;
Module._load = function load(request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('no network in Parley tests'));
    return Object.assign(refuse, { get: refuse, head: refuse });
  }
  return originalLoad.call(this, request, ...rest);
};

// It writes the CSV header and its rows with two unordered fs.writeFile calls, so the header
// may land over the rows: write synchronously, in call order.
fs.writeFile = (file, data, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  try {
    fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options);
    done?.(null);
  } catch (error) {
    done?.(error);
  }
};

const [input, output, electronVersion] = process.argv.slice(2);
if (!input || !output || !electronVersion) {
  console.error('usage: electronegativity-offline <input dir> <out.csv> <electron version>');
  process.exit(2);
}
const run = createRequire(import.meta.url)('@doyensec/electronegativity');
(run.default ?? run)({
  input,
  output,
  isSarif: false,
  customScan: [],
  // The only check that needs the network (Electron's release list).
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
}).then(
  // Not process.exit(): the CSV is still being written.
  () => (process.exitCode = 0),
  (error) => {
    console.error(`electronegativity failed: ${error.message}`);
    process.exitCode = 1;
  },
);
