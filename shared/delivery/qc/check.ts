/** What every QC check shares: the report's frame context, a check's record, Vietnamese number formatting. */
import { type Bilingual, QC_CHECK_LABELS, type QcCheck, type QcCheckId, type QcSpan, type QcStatus, type QcTable } from './qc-schema.ts';

export interface Context {
  fps: number;
  tc: (frame: number) => string;
  programme: { start: number; end: number };
  minFrames: number;
}

export function check({
  id,
  status,
  summary,
  table = null,
  spans = [],
  values = {},
}: {
  id: QcCheckId;
  status: QcStatus;
  summary: Bilingual;
  table?: QcTable | null;
  spans?: QcSpan[];
  values?: Record<string, string | number | boolean | null>;
}): QcCheck {
  return { id, label: QC_CHECK_LABELS[id], status, details: { summary, table, spans, values } };
}

/** Vietnamese writes the decimal separator as a comma. */
export function comma(text: string): string {
  return text.replace(/(\d)\.(\d)/g, '$1,$2');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
