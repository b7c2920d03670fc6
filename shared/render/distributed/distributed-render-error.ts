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

  static missing({ entity, id }: { entity: 'render' | 'version' | 'profile'; id: string }): DistributedRenderError {
    const codes = { render: 'RENDER_NOT_FOUND', version: 'VERSION_NOT_FOUND', profile: 'PROFILE_NOT_FOUND' } as const;
    const vi = {
      render: `Không tìm thấy lượt dựng "${id}".`,
      version: `Không tìm thấy phiên bản "${id}".`,
      profile: `Không có cấu hình xuất "${id}"; hãy chọn một cấu hình có sẵn rồi dựng lại.`,
    } as const;
    return new DistributedRenderError({
      code: codes[entity],
      message:
        entity === 'profile'
          ? `The job names the delivery profile "${id}", which this worker does not know; it cannot be rendered. Start the render again with a known profile.`
          : `The job names the ${entity} "${id}", which is not in the store; it cannot be rendered.`,
      messageVi: vi[entity],
      details: { entity, id },
    });
  }

  /**
   * A job of the render was dead-lettered (every attempt used up, typically its worker killed on
   * the last one): the render cannot finish. Names the part and keeps the job's last error.
   */
  static deadLettered({
    part,
    jobId,
    attempts,
    lastError,
  }: {
    part: RenderPart;
    jobId: string | null;
    attempts: number | null;
    lastError: { code: string; message: string } | null;
  }): DistributedRenderError {
    const tries = attempts === null ? '' : ` after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    const last = lastError === null ? 'no error was recorded' : `its last error: ${lastError.code}: ${lastError.message}`;
    return new DistributedRenderError({
      code: 'RENDER_JOB_DEAD_LETTERED',
      message: `The job of ${part.en} was set aside (dead-lettered)${tries}; ${last}. See it with \`reportage jobs --state dead\`, fix the cause, then start the render again.`,
      messageVi: `Khâu ${part.vi} của lượt dựng đã thất bại${attempts === null ? '' : ` sau ${attempts} lần thử`} và bị gác lại, nên lượt dựng không thể hoàn tất. Hãy báo quản trị viên kiểm tra tác vụ lỗi rồi dựng lại.`,
      details: { part: part.en, jobId, attempts, lastError },
    });
  }
}

/** A part of a distributed render, named for people (English for logs, Vietnamese for pages). */
export interface RenderPart {
  en: string;
  vi: string;
}
