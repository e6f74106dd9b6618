/** Words that carry no meaning in a task name. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but to of in on at for from with by about into onto up out over ' +
    'is are was were be been am do does did can could would should will shall may might must ' +
    'i me my we us our you your it its this that these those there here then than ' +
    'please pls just also so very really some any all what which who how when why ' +
    "let lets let's go get make sure tell me want need like could hey okay ok user assistant"
  ).split(/\s+/),
);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** The human words of a delegation text: tags dropped, entities decoded, role labels removed. */
export function plainWords(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A kebab-case slug of at most five meaningful words of the request
 * ("run the tests and tell me what broke" → "run-tests-broke"). Empty when nothing is left.
 */
export function taskSlug(text: string, maxWords = 5): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
  const meaningful = words.filter((w) => !STOP_WORDS.has(w));
  const picked = (meaningful.length > 0 ? meaningful : words).slice(0, maxWords);
  return picked.map((w) => w.slice(0, 20)).join('-');
}

/** A short name the voice model can say and refer back to: `task-3-run-tests-broke` (plain words in). */
export function taskName(id: string, text: string): string {
  const slug = taskSlug(text);
  return slug ? `${id}-${slug}` : id;
}

/** Sequential ids `task-1`, `task-2`, … (one generator per registry). */
export function sequentialTaskIds(prefix = 'task-'): () => string {
  let next = 1;
  return () => `${prefix}${next++}`;
}
