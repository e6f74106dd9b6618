// Writes build/icon.png, the packaging icon, from the same drawing as the tray icons:
// `npm run icon` after changing the drawing (a test checks the file is in step).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from '../main/shell/png-image';
import { drawAppIcon } from '../main/shell/tray-icons';

const path = join(import.meta.dirname, 'icon.png');
writeFileSync(path, encodePng(drawAppIcon()));
process.stdout.write(`wrote ${path}\n`);
