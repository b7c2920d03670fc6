import { ReportageError } from '../domain/index.ts';

/** Errors of the render use case (the media layer's own errors are `MediaError`s). */
export class RenderError extends ReportageError {
  static assetNotReady({ assetId }: { assetId: string }): RenderError {
    return new RenderError({
      code: 'ASSET_NOT_READY',
      message: `Asset ${assetId} has not finished ingest (no probe facts or derivatives); render again when it is ready.`,
      messageVi: 'Một tư liệu trong bản dựng chưa xử lý xong; hãy dựng lại khi tư liệu sẵn sàng.',
      details: { assetId },
    });
  }
}
