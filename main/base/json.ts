import { err, ok, type Result, type TaggedError } from './result';

/** Parse JSON text without throwing; a failure says why in the parser's words. */
export function parseJson(text: string): Result<unknown, TaggedError<'malformed_json'>> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    return err('malformed_json', (error as Error).message);
  }
}
