import type { ExpectedDenial } from './evaluate-calls.ts';

/**
 * Calls the recorded runs make that the synthesized roles deny, known and left for later. Each
 * is an expected failure: the IAM checks list it but do not fail on it, and the test named in
 * `why` fails as soon as it stops being denied, so the entry is removed then.
 */
export const KNOWN_DENIALS: ExpectedDenial[] = [];
