import { createRedactor, type Redactor } from '../base/redaction';

/**
 * The redactor of everything that crosses to a renderer (events and invoke results): the one
 * redaction of main, with a transcript entry's heard length recounted on its redacted text.
 */
export function createOutboundRedactor(secrets: () => readonly string[]): Redactor {
  return createRedactor(secrets, { heardChars: 'text' });
}
