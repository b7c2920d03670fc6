export * from '../domain/delivery-profiles.ts';
export * from './errors.ts';
export { escapeHtml } from './escape-html.ts';
export {
  QC_CHECK_IDS,
  QC_CHECK_LABELS,
  QC_STATUS_LABELS,
  LINE_UP_RULES,
  BilingualSchema,
  QcStatusSchema,
  QcCheckIdSchema,
  QcTableSchema,
  QcSpanSchema,
  QcCheckSchema,
  QcReportSchema,
  buildQcReport,
  worstStatus,
  summariseQcReport,
  qcThumbnailTimes,
  type Bilingual,
  type QcStatus,
  type QcCheckId,
  type QcTable,
  type QcSpan,
  type QcCheck,
  type QcReport,
  type QcDurations,
} from './qc/index.ts';
export { renderLoudnessSvg } from './render-loudness-svg.ts';
export { renderQcHtml, type QcThumbnail } from './render-qc-html.ts';
export { checksumFile, type FileChecksums } from './checksum-file.ts';
export { CHECKSUM_FILE_NAMES, formatChecksumLines, writeChecksumFiles, type ChecksumEntry } from './write-checksum-files.ts';
export { ManifestFileSchema, ManifestSchema, buildManifest, type Manifest, type ManifestFile } from './build-manifest.ts';
export { listDeliveries, type Delivery } from './list-deliveries.ts';
export { downloadDeliveredFile } from './download-delivered-file.ts';
export { findQcReport } from './find-qc-report.ts';
export {
  checkPublishable,
  describePublication,
  listLivePublications,
  publicKey,
  publicMediaBase,
  publishVersion,
  readLivePublication,
  unpublish,
  type PublishDeps,
} from './publications.ts';
