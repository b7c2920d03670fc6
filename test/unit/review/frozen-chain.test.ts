import { describe, expect, it } from 'vitest';
import { createProject, type Decision, type ReviewRequest, type Version } from '../../../shared/domain/index.ts';
import type { WorkflowStore } from '../../../shared/ports/index.ts';
import { readApprovalStatus } from '../../../shared/review/decisions.ts';
import { approvalChainOf, sendToReview } from '../../../shared/review/review-requests.ts';

const actor = { role: 'reviewer' as const, label: 'Tổng biên tập', inviteId: 'inv-1' };
const project = createProject({ id: 'dai-hoi-2026', now: new Date('2026-11-01T08:00:00Z') });
const approve = (stage: string, sequence: number): Decision => ({
  id: `d-${sequence}`,
  projectId: project.id,
  versionId: 'v-1',
  sequence,
  stage,
  decision: 'approve',
  note: '',
  reviewer: actor,
  qcOverrideReason: null,
  at: '2026-11-01T09:00:00.000Z',
});

/** A workflow store holding one review request and some decisions: all `readApprovalStatus` reads. */
const workflowWith = ({ review, decisions }: { review: ReviewRequest | null; decisions: Decision[] }) =>
  ({ reviews: { get: async () => review }, decisions: { list: async () => decisions } }) as unknown as WorkflowStore;

describe('the approval chain frozen into a version sent to review', () => {
  const frozen: ReviewRequest = {
    versionId: 'v-1',
    projectId: project.id,
    cutId: 'phong-su',
    chain: project.approvalChain,
    sentAt: '2026-11-01T08:30:00.000Z',
    sentBy: actor,
  };
  const decisions = project.approvalChain.map((stage, index) => approve(stage.id, index + 1));
  const edited = { ...project, approvalChain: [...project.approvalChain, { id: 'ban-chap-hanh', label: { vi: 'Ban Chấp hành', en: 'Executive Committee' } }] };

  it('keeps a decided version approved after a stage is added to the project chain', async () => {
    const status = await readApprovalStatus({
      deps: { workflow: workflowWith({ review: frozen, decisions }) },
      project: edited,
      version: { id: 'v-1', cut: { kind: 'reportage' } },
    });
    expect(status).toMatchObject({ state: 'approved', nextStage: null });
    expect(status.stages.map((s) => s.id)).toEqual(project.approvalChain.map((s) => s.id));
  });

  it('keeps a decided version approved after a stage is removed or the stages are reordered', async () => {
    const reordered = { ...project, approvalChain: [...project.approvalChain].reverse().slice(1) };
    expect(
      (
        await readApprovalStatus({
          deps: { workflow: workflowWith({ review: frozen, decisions }) },
          project: reordered,
          version: { id: 'v-1', cut: { kind: 'reportage' } },
        })
      ).state,
    ).toBe('approved');
  });

  it("uses the project's current chain only for a version without a review request", async () => {
    expect(
      await approvalChainOf({
        deps: { workflow: workflowWith({ review: null, decisions: [] }) },
        project: edited,
        version: { id: 'v-1', cut: { kind: 'reportage' } },
      }),
    ).toEqual(edited.approvalChain);
    expect(
      (
        await readApprovalStatus({
          deps: { workflow: workflowWith({ review: null, decisions }) },
          project: edited,
          version: { id: 'v-1', cut: { kind: 'reportage' } },
        })
      ).state,
    ).toBe('pending');
  });
});

describe("the chain of a cut's kind", () => {
  it('sends a news item to review with the editor-in-chief alone in its chain, who approves it alone', async () => {
    let recorded: ReviewRequest | null = null;
    const workflow = {
      reviews: {
        create: async ({ review }: { review: ReviewRequest }) => {
          recorded = review;
          return { review, created: true };
        },
        get: async () => recorded,
      },
      decisions: { list: async () => [approve('tong-bien-tap', 1)] },
    } as unknown as WorkflowStore;
    const clock = { now: () => new Date('2026-12-07T09:00:00Z') };
    const news = { id: 'v-1', cutId: 'tin-khai-mac', cut: { kind: 'news' } } as unknown as Version;
    await sendToReview({ deps: { workflow, clock }, project, version: news, actor });
    expect(recorded!.chain.map((stage) => stage.id)).toEqual(['tong-bien-tap']);
    expect(await readApprovalStatus({ deps: { workflow }, project, version: news })).toMatchObject({ state: 'approved', nextStage: null });
  });

  it("judges a version not yet sent by its kind's chain: a reportage still waits for the subcommittee", async () => {
    const status = await readApprovalStatus({
      deps: { workflow: workflowWith({ review: null, decisions: [approve('tong-bien-tap', 1)] }) },
      project,
      version: { id: 'v-1', cut: { kind: 'reportage' } },
    });
    expect(status).toMatchObject({ state: 'pending', nextStage: 'tieu-ban-tuyen-truyen' });
  });
});
