/** Where the API key is kept. It never leaves main. */
export interface SecretStore {
  /** The stored key, or null. */
  get(): Promise<string | null>;
  /** Store a key; null removes it. */
  set(key: string | null): Promise<void>;
  /** Human-readable description of where keys are kept, for the UI. */
  readonly description: string;
}
