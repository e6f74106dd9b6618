import type { ConversationFile } from '../../preload/schemas/history';

/** How long the object URL outlives the click that starts the download [ms]. */
const REVOKE_AFTER_MS = 10_000;

/**
 * Saves `file` through the browser's download (Blob + anchor): the browser host's page and
 * Electron's renderer both handle it, the desktop app with its save dialog.
 */
export function downloadFile(file: ConversationFile): void {
  const blob = new Blob([file.text], { type: `${file.mimeType};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
