/** An expected failure as a value: a tag saying which kind it is, and words for a person. */
export interface TaggedError<Tag extends string = string> {
  readonly tag: Tag;
  readonly message: string;
  /** The input field at fault, when one is (e.g. a settings field). */
  readonly field?: string;
}

/** The outcome of an operation that can fail in an expected way. Misuse still throws. */
export type Result<T, E = TaggedError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** A success. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** An expected failure with its tag (and the field at fault, when there is one). */
export function err<Tag extends string>(
  tag: Tag,
  message: string,
  field?: string,
): { readonly ok: false; readonly error: TaggedError<Tag> } {
  return { ok: false, error: field === undefined ? { tag, message } : { tag, message, field } };
}

/** The message of anything thrown, for reports that must not fail themselves. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return JSON.stringify(error) ?? String(error);
}
