import { computeApprovalStatus, CutKindSchema, cutDueDate, deliveryDeadline, kindRules, type Project } from '../domain/index.ts';
import type { ReviewDeps } from './review-deps.ts';
import { approvalChainOf } from './review-requests.ts';

interface Blocker {
  code: string;
  message: string;
  messageVi: string;
}

/** Whole days from today in Hai Phong (UTC+7) to a YYYY-MM-DD day: 0 today, negative when past. */
function daysUntil({ day, now }: { day: string; now: Date }): number {
  const today = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The dashboard: the deadline (congress date minus two days), the assets by state, and for each
 * cut its kind's rules (length, the stages that sign it, the day it is due) and what stands
 * between it and delivery (no version yet, render running or failed, QC failing, a stage to sign,
 * changes requested, no delivery files).
 */
export async function buildDashboard({ deps, project }: { deps: ReviewDeps; project: Project }) {
  const now = deps.clock.now();
  const deadline = deliveryDeadline(project);
  const daysLeft = deadline === null ? null : daysUntil({ day: deadline, now });
  const assets = await deps.store.assets.list({ projectId: project.id });
  const counts = { queued: 0, processing: 0, ready: 0, rejected: 0, failed: 0 };
  for (const asset of assets) counts[asset.status] += 1;
  const versions = await deps.store.versions.list({ projectId: project.id });
  const renders = await deps.store.renders.list({ projectId: project.id });
  const cuts = [];
  for (const draft of await deps.workflow.cuts.list({ projectId: project.id })) {
    const kind = CutKindSchema.catch('reportage').parse(draft.cut.kind);
    const rules = kindRules({ project, kind });
    const dueDate = cutDueDate({ project, kind, startedAt: draft.createdAt });
    const latest = versions.filter((v) => v.cutId === draft.cutId).sort((a, b) => b.number - a.number)[0] ?? null;
    const blockers: Blocker[] = [];
    let review = null;
    let approval = null;
    let deliverables: string[] = [];
    if (latest === null) {
      blockers.push({ code: 'NO_VERSION', message: 'No version rendered yet.', messageVi: 'Chưa dựng phiên bản nào.' });
    } else {
      const own = renders.filter((r) => r.versionId === latest.id);
      const reviewRender = own.filter((r) => r.profile === 'review').at(-1) ?? null;
      review =
        reviewRender === null
          ? null
          : { renderId: reviewRender.id, status: reviewRender.status, progress: reviewRender.progress, qc: reviewRender.qc?.status ?? null };
      if (reviewRender === null)
        blockers.push({ code: 'NO_REVIEW_RENDER', message: 'The review render has not been started.', messageVi: 'Chưa dựng bản duyệt.' });
      else if (reviewRender.status === 'failed')
        blockers.push({ code: 'RENDER_FAILED', message: 'The review render failed.', messageVi: 'Dựng bản duyệt bị lỗi.' });
      else if (reviewRender.status !== 'done')
        blockers.push({ code: 'RENDERING', message: 'The review render is running.', messageVi: 'Đang dựng bản duyệt.' });
      else if (reviewRender.qc?.status === 'fail')
        blockers.push({ code: 'QC_FAILED', message: `QC failed: ${reviewRender.qc.failed.join(', ')}.`, messageVi: 'Kiểm tra kỹ thuật không đạt.' });
      if (!latest.lengthCheck.ok)
        blockers.push({
          code: 'LENGTH',
          message: `The programme is outside the length of a ${rules.label.en.toLowerCase()}.`,
          messageVi: `Thời lượng ngoài giới hạn của ${rules.label.vi.toLowerCase()}.`,
        });
      const chain = await approvalChainOf({ deps, project, version: latest });
      const status = computeApprovalStatus({ versionId: latest.id, chain, decisions: await deps.workflow.decisions.list({ versionId: latest.id }) });
      approval = { state: status.state, nextStage: status.nextStage };
      const stage = chain.find((s) => s.id === status.nextStage);
      if (status.state === 'pending' && stage)
        blockers.push({ code: 'AWAITING_APPROVAL', message: `Waiting for: ${stage.label.en}.`, messageVi: `Chờ duyệt: ${stage.label.vi}.` });
      if (status.state === 'changes-requested')
        blockers.push({ code: 'CHANGES_REQUESTED', message: 'A reviewer asked for changes.', messageVi: 'Cấp duyệt yêu cầu sửa.' });
      deliverables = [...new Set(own.filter((r) => r.profile !== 'review' && r.status === 'done').map((r) => r.profile))];
      if (status.state === 'approved' && deliverables.length === 0)
        blockers.push({ code: 'NO_DELIVERABLES', message: 'Approved: render the delivery files.', messageVi: 'Đã duyệt: cần dựng bản giao nộp.' });
    }
    cuts.push({
      cutId: draft.cutId,
      title: draft.title,
      updatedAt: draft.updatedAt,
      kind: { id: kind, label: rules.label, minFrames: rules.minFrames, maxFrames: rules.maxFrames, stages: rules.chain.map((stage) => stage.id) },
      dueDate,
      daysLeft: dueDate === null ? null : daysUntil({ day: dueDate, now }),
      latestVersion: latest === null ? null : { id: latest.id, number: latest.number, durationFrames: latest.durationFrames, lengthOk: latest.lengthCheck.ok },
      review,
      approval,
      deliverables,
      blockers,
    });
  }
  return { project: { id: project.id, title: project.title, congressDate: project.congressDate }, deadline, daysLeft, assets: counts, cuts };
}
