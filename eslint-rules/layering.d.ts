import type { Rule } from 'eslint';

/** Parley's import-layer rule (see layering.js). */
declare const layering: Rule.RuleModule;
export default layering;
