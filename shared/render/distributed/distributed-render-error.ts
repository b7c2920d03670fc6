import { RenderError } from '../render-error.ts';

/** Errors of the distributed render: each says whether another delivery of the job can help. */
export class DistributedRenderError extends RenderError {
  static toolchainMismatch({ planned, found }: { planned: string; found: string }): DistributedRenderError {
    return new DistributedRenderError({
      code: 'TOOLCHAIN_MISMATCH',
      message: `The render was planned with the toolchain "${planned}" but this worker has "${found}"; its outputs would not match the plan's keys. Run every worker from the same image, then start the render again.`,
      messageVi: 'Máy dựng có phiên bản ffmpeg hoặc phông chữ khác với lúc lập kế hoạch dựng; hãy dùng cùng một bản cài đặt cho mọi máy rồi dựng lại.',
      details: { planned, found },
    });
  }

  static planMismatch({ what, planned, found }: { what: string; planned: string; found: string }): DistributedRenderError {
    return new DistributedRenderError({
      code: 'PLAN_MISMATCH',
      message: `The job names ${what} "${planned}" but the plan rebuilt by this worker gives "${found}"; the version or its assets changed since the render started. Start the render again.`,
      messageVi: 'Kế hoạch dựng không còn khớp với phiên bản; hãy dựng lại.',
      details: { what, planned, found },
    });
  }

  static missing({ entity, id }: { entity: 'render' | 'version'; id: string }): DistributedRenderError {
    return new DistributedRenderError({
      code: entity === 'render' ? 'RENDER_NOT_FOUND' : 'VERSION_NOT_FOUND',
      kind: 'not-found',
      message: `The job names the ${entity} "${id}", which is not in the store; it cannot be rendered.`,
      messageVi: entity === 'render' ? `Không tìm thấy lượt dựng "${id}".` : `Không tìm thấy phiên bản "${id}".`,
      details: { entity, id },
    });
  }
}
