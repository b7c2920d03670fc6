/// <reference lib="dom" />
import { boot, t, tDynamic } from './boot.ts';
import { formatDateTime, h } from './dom.ts';
import { label } from './project.ts';

/** The approval state of a version (shared/web/API.md, "Review"). */
export interface ApprovalStatus {
  versionId: string;
  state: 'pending' | 'changes-requested' | 'approved';
  sequence: number;
  nextStage: string | null;
  stages: {
    id: string;
    label: { vi: string; en: string };
    state: 'waiting' | 'open' | 'approved' | 'changes-requested';
    decision: { decision: string; note: string | null; reviewer: { role: string; label: string }; at: string; qcOverrideReason: string | null } | null;
  }[];
  qc: { status: 'pass' | 'warn' | 'fail' | 'missing'; failed: string[]; reportUrl: string | null };
  decisions: unknown[];
}

/** The chain of stages in order, each with its state and who decided what, when. */
export function approvalChain({ status, versionNumber, versionId }: { status: ApprovalStatus; versionNumber?: number; versionId: string }): HTMLElement {
  return h(
    'div',
    { class: 'approval-chain', dataset: { state: status.state } },
    h(
      'div',
      { class: 'row spread' },
      h('span', { class: `badge ${status.state}`, id: 'approval-state' }, tDynamic(`approvals.overall.${status.state}`, status.state)),
      h('span', { class: 'small muted' }, t('approvals.boundTo', { number: versionNumber ?? '?', hash: versionId.slice(0, 12) })),
    ),
    h(
      'ol',
      { class: 'stages' },
      status.stages.map((stage) =>
        h(
          'li',
          { class: stage.state, dataset: { stage: stage.id, state: stage.state } },
          h(
            'div',
            null,
            h(
              'div',
              { class: 'row spread' },
              h('b', null, label(stage.label)),
              h('span', { class: `badge ${stage.state}` }, tDynamic(`approvals.state.${stage.state}`, stage.state)),
            ),
            stage.decision
              ? h(
                  'div',
                  { class: 'small' },
                  `${stage.decision.reviewer.label} · ${formatDateTime({ iso: stage.decision.at, lang: boot.lang })}`,
                  stage.decision.note ? h('div', { class: 'muted' }, `“${stage.decision.note}”`) : null,
                  stage.decision.qcOverrideReason
                    ? h('div', { class: 'notice warn small' }, t('approvals.qcOverride', { reason: stage.decision.qcOverrideReason }))
                    : null,
                )
              : null,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'row', style: 'margin-top:10px' },
      h('span', { class: `badge ${status.qc.status}` }, t('approvals.qc', { status: tDynamic(`qc.${status.qc.status}`, status.qc.status) })),
      status.qc.reportUrl ? h('a', { href: status.qc.reportUrl, target: '_blank', rel: 'noopener' }, t('approvals.qcReport')) : null,
    ),
  );
}
