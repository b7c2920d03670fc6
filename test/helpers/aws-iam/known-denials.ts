import type { ExpectedDenial } from './evaluate-calls.ts';

/**
 * Calls the recorded runs make that the synthesized roles deny, known and left for later. Each
 * is an expected failure: the IAM checks list it but do not fail on it, and the test named in
 * `why` fails as soon as it stops being denied, so the entry is removed then.
 */
export const KNOWN_DENIALS: ExpectedDenial[] = [
  // Issue 15 item 1: completing a browser upload runs `submitUpload` inside the api function,
  // which stores the original and deletes the staged upload; the api role may only put `uploads/*`
  // and delete nothing. Test: lambda-ingest-api.test.ts "api function: completing a browser upload
  // is allowed by its role (issue 15 item 1)" (it.fails).
  { fn: 'api', action: 's3:PutObject', resource: 'arn:aws:s3:::originals/originals/*', why: 'issue 15 item 1: the api stores the original of a completed upload' },
  { fn: 'api', action: 's3:DeleteObject', resource: 'arn:aws:s3:::originals/uploads/*', why: 'issue 15 item 1: the api deletes the staged upload it completed' },
];
