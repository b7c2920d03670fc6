/** The QC report of a delivered file: its schema, the rules, the checks and the builder. */
export * from './qc-schema.ts';
export * from './qc-rules.ts';
export * from './build-qc-report.ts';
