/// <reference lib="dom" />
import type { Cut } from '../../../domain/cut/index.ts';
import { computeShotTimings } from '../../../domain/cut/cut-timing.ts';
import { api, ApiError, errorText, projectPath } from '../api.ts';
import { approvalChain, type ApprovalStatus } from '../approval-view.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatDateTime, h, replace } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { label } from '../project.ts';
import type { RenderView } from '../render-progress.ts';
import { FPS } from '../../../domain/frame-rate.ts';
import { changedRangesList, type ChangedRangeView, type VersionOriginView } from './review-changed-ranges.ts';
import { displayTimecode, frameAtSeconds, secondsOfFrame } from '../../../domain/timecode.ts';

interface VersionView {
  id: string;
  number: number;
  cutId: string;
  title: string;
  durationFrames: number;
  duration: string;
  lengthOk: boolean;
  createdAt: string;
  origin?: VersionOriginView;
}
interface VersionDetail {
  version: VersionView;
  cut: Cut;
  renders: RenderView[];
  previous: { id: string; number: number } | null;
  changedShots: string[];
  /** A version from file: the ranges changed since the previous version (null: not compared). */
  changedRanges?: ChangedRangeView[] | null;
}
interface Comment {
  id: string;
  versionId: string;
  parentId: string | null;
  startFrame: number;
  endFrame: number | null;
  timecode: string;
  text: string;
  author: { role: string; label: string };
  resolved: boolean;
  resolvedBy: unknown;
  resolvedAt: string | null;
  createdAt: string;
}

/** The versions a reviewer may open, newest first. */
export async function showReviewListPage({ root, projectId }: PageContext): Promise<void> {
  const { versions } = await api<{ versions: VersionView[] }>('GET', projectPath(projectId, '/versions'));
  replace(
    root,
    h('h1', null, t('review.title')),
    h('p', { class: 'lead' }, t('review.pick')),
    versions.length === 0
      ? h('p', { class: 'muted' }, t('review.empty'))
      : h(
          'table',
          { id: 'versions-table' },
          h(
            'tbody',
            null,
            versions.map((version) =>
              h(
                'tr',
                null,
                h('td', null, h('a', { href: `/review/${version.id}` }, `${version.title} — v${version.number}`)),
                h('td', { class: 'mono' }, version.duration),
                h('td', { class: 'small muted' }, formatDateTime({ iso: version.createdAt, lang: boot.lang })),
                h('td', null, h('a', { href: `/approvals/${version.id}` }, t('nav.approvals'))),
              ),
            ),
          ),
        ),
  );
}

/**
 * Review (reviewer): the review render with the programme timecode, frame-accurate comments at a
 * timecode or over a range with replies and resolve, the decision for the reviewer's stage, and
 * the previous version beside this one with the changed shots marked. Keys as in editing tools:
 * Space, J/K/L, ←/→ one frame.
 */
export async function showReviewPage({ root, session, projectId, params }: PageContext): Promise<void> {
  const versionId = params.versionId ?? '';
  const base = projectPath(projectId, `/versions/${encodeURIComponent(versionId)}`);
  const detail = await api<VersionDetail>('GET', base);
  const { version } = detail;
  const review = detail.renders.find((render) => render.profile === 'review' && render.status === 'done' && render.mediaUrl);
  const player = h('video', { id: 'review-player', preload: 'auto', controls: true, src: review?.mediaUrl ?? undefined });
  const tc = h('span', { class: 'timecode', id: 'programme-tc' }, '00:00:00:00');
  let markIn: number | null = null;
  let markOut: number | null = null;
  const rangeText = h('span', { class: 'small muted', id: 'range' });
  const currentFrame = () => frameAtSeconds({ seconds: player.currentTime });
  const showTc = () => {
    tc.textContent = displayTimecode({ frames: currentFrame() });
    if (markIn === null) rangeText.textContent = t('review.commentAt', { timecode: tc.textContent });
  };
  const loop = () => {
    showTc();
    if (!player.paused) requestAnimationFrame(loop);
  };
  player.addEventListener('play', () => requestAnimationFrame(loop));
  player.addEventListener('seeked', showTc);
  player.addEventListener('timeupdate', showTc);
  const seekFrame = (frame: number) => {
    player.pause();
    const last = Math.max(0, version.durationFrames - 1);
    player.currentTime = secondsOfFrame({ frame: Math.min(last, Math.max(0, frame)) });
    showTc();
  };

  // J/K/L: L plays forward (again: faster), J plays backward (stepping, as browsers cannot play in reverse), K stops.
  let reverseTimer: number | undefined;
  let speed = 1;
  const stopReverse = () => {
    window.clearInterval(reverseTimer);
    reverseTimer = undefined;
  };
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select') || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    if (key === ' ' || key === 'k' || key === 'K') {
      event.preventDefault();
      stopReverse();
      if (key === ' ' && player.paused) {
        player.playbackRate = 1;
        void player.play();
      } else player.pause();
    } else if (key === 'l' || key === 'L') {
      stopReverse();
      speed = player.paused || player.playbackRate < 1 ? 1 : Math.min(8, player.playbackRate * 2);
      player.playbackRate = speed;
      void player.play();
    } else if (key === 'j' || key === 'J') {
      player.pause();
      speed = reverseTimer ? Math.min(8, speed * 2) : 1;
      stopReverse();
      reverseTimer = window.setInterval(() => {
        const frame = currentFrame() - speed;
        if (frame <= 0) stopReverse();
        seekFrame(frame);
      }, 1000 / FPS);
    } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
      event.preventDefault();
      stopReverse();
      seekFrame(currentFrame() + (key === 'ArrowLeft' ? -1 : 1) * (event.shiftKey ? FPS : 1));
    } else if (key === 'i' || key === 'I') {
      setRange({ markIn: currentFrame() });
    } else if (key === 'o' || key === 'O') {
      setRange({ markOut: currentFrame() });
    }
  });
  const drawRange = () => {
    if (markIn !== null && markOut !== null && markOut < markIn) [markIn, markOut] = [markOut, markIn];
    rangeText.textContent =
      markIn !== null && markOut !== null
        ? t('review.range', { from: displayTimecode({ frames: markIn }), to: displayTimecode({ frames: markOut }) })
        : markIn !== null
          ? `${displayTimecode({ frames: markIn })} →`
          : t('review.commentAt', { timecode: displayTimecode({ frames: currentFrame() }) });
  };
  /** Sets the in or out mark, or both (null clears one), and shows the range. */
  const setRange = (marks: { markIn?: number | null; markOut?: number | null }) => {
    if (marks.markIn !== undefined) markIn = marks.markIn;
    if (marks.markOut !== undefined) markOut = marks.markOut;
    drawRange();
  };

  // Comments.
  const commentsBox = h('div', { id: 'comments' });
  const commentText = h('textarea', { name: 'comment', rows: 3, placeholder: t('review.commentText') });
  const commentStatus = h('div', { role: 'status' });
  const drawComments = async () => {
    try {
      const { comments } = await api<{ comments: Comment[] }>('GET', `${base}/comments`);
      const roots = comments.filter((comment) => comment.parentId === null).sort((a, b) => a.startFrame - b.startFrame);
      const replies = (id: string) => comments.filter((comment) => comment.parentId === id);
      replace(
        commentsBox,
        roots.length === 0
          ? h('p', { class: 'muted' }, t('review.noComments'))
          : roots.map((comment) => commentView({ comment, replies: replies(comment.id) })),
      );
    } catch (error) {
      replace(commentsBox, h('div', { class: 'notice error' }, errorText(error)));
    }
  };
  const commentView = ({ comment, replies }: { comment: Comment; replies: Comment[] }): HTMLElement => {
    const replyText = h('textarea', { rows: 2, name: 'reply' });
    const replyForm = h(
      'form',
      {
        class: 'hidden',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          if (!replyText.value.trim()) return;
          await post({ startFrame: comment.startFrame, text: replyText.value, parentId: comment.id });
        },
      },
      replyText,
      h('button', { type: 'submit', class: 'small' }, t('review.sendReply')),
    );
    const range = comment.endFrame !== null && comment.endFrame !== comment.startFrame ? ` → ${displayTimecode({ frames: comment.endFrame })}` : '';
    return h(
      'div',
      { class: `comment${comment.resolved ? ' resolved' : ''}`, dataset: { commentId: comment.id, frame: String(comment.startFrame) } },
      h(
        'div',
        { class: 'meta row spread' },
        h(
          'span',
          null,
          h('a', { class: 'tc', onclick: () => seekFrame(comment.startFrame) }, `${comment.timecode}${range}`),
          ` · ${comment.author.label} · ${formatDateTime({ iso: comment.createdAt, lang: boot.lang })}`,
        ),
        comment.resolved ? h('span', { class: 'badge ok' }, t('review.resolved')) : null,
      ),
      h('div', { class: 'text' }, comment.text),
      h(
        'div',
        { class: 'replies' },
        replies.map((item) =>
          h(
            'div',
            { class: 'comment' },
            h('div', { class: 'meta' }, `${item.author.label} · ${formatDateTime({ iso: item.createdAt, lang: boot.lang })}`),
            h('div', null, item.text),
          ),
        ),
      ),
      h(
        'div',
        { class: 'row', style: 'margin-top:4px' },
        h('button', { type: 'button', class: 'secondary small', onclick: () => replyForm.classList.toggle('hidden') }, t('review.reply')),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            onclick: async () => {
              try {
                await api('PATCH', projectPath(projectId, `/comments/${encodeURIComponent(comment.id)}`), { resolved: !comment.resolved });
                await drawComments();
              } catch (error) {
                replace(commentStatus, h('div', { class: 'notice error' }, errorText(error)));
              }
            },
          },
          comment.resolved ? t('review.reopen') : t('review.resolve'),
        ),
      ),
      replyForm,
    );
  };
  const post = async (body: { startFrame: number; endFrame?: number; text: string; parentId?: string }) => {
    try {
      await api('POST', `${base}/comments`, { ...body, text: body.text.normalize('NFC').trim() });
      replace(commentStatus);
      await drawComments();
      return true;
    } catch (error) {
      replace(commentStatus, h('div', { class: 'notice error' }, errorText(error)));
      return false;
    }
  };
  const commentForm = h(
    'form',
    {
      id: 'comment-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        if (!commentText.value.trim()) return;
        const useRange = markIn !== null && markOut !== null;
        const startFrame = useRange ? (markIn as number) : currentFrame();
        const ok = await post({ startFrame, ...(useRange ? { endFrame: markOut as number } : {}), text: commentText.value });
        if (ok) {
          commentText.value = '';
          setRange({ markIn: null, markOut: null });
        }
      },
    },
    commentText,
    h(
      'div',
      { class: 'row', style: 'margin-top:6px' },
      h('button', { type: 'submit', id: 'post-comment' }, t('review.addComment')),
      h('button', { type: 'button', class: 'secondary small', onclick: () => setRange({ markIn: currentFrame() }) }, `${t('review.markIn')} (I)`),
      h('button', { type: 'button', class: 'secondary small', onclick: () => setRange({ markOut: currentFrame() }) }, `${t('review.markOut')} (O)`),
      h('button', { type: 'button', class: 'secondary small', onclick: () => setRange({ markIn: null, markOut: null }) }, t('review.clearRange')),
      rangeText,
    ),
    commentStatus,
  );

  // Decision and the chain.
  const chainBox = h('div', { id: 'approval-chain' });
  const decisionBox = h('div', { id: 'decision' });
  let approval: ApprovalStatus | null = null;
  const drawApproval = async () => {
    try {
      approval = await api<ApprovalStatus>('GET', `${base}/approvals`);
      replace(chainBox, approvalChain({ status: approval, versionNumber: version.number, versionId: version.id }));
      drawDecision();
    } catch (error) {
      replace(chainBox, h('div', { class: 'notice error' }, errorText(error)));
    }
  };
  const drawDecision = () => {
    if (!approval) return;
    const canDecide = session.role === 'reviewer' || session.role === 'admin';
    if (!canDecide) {
      replace(decisionBox);
      return;
    }
    const stages = approval.stages;
    const myStage = session.role === 'reviewer' ? session.stage : approval.nextStage;
    const stage = stages.find((item) => item.id === myStage);
    if (!stage) {
      replace(decisionBox);
      return;
    }
    const note = h('textarea', { name: 'note', rows: 2, placeholder: t('review.note') });
    const overrideReason = h('input', { name: 'qcOverrideReason', placeholder: t('review.qcOverride'), style: 'width:100%;margin-top:6px' });
    const message = h('div', { role: 'status' });
    const decide = async (decision: 'approve' | 'request-changes') => {
      try {
        await api('POST', `${base}/decisions`, {
          stage: stage.id,
          decision,
          ...(note.value.trim() ? { note: note.value.normalize('NFC').trim() } : {}),
          expectedSequence: approval?.sequence ?? 0,
          ...(session.role === 'admin' && overrideReason.value.trim() ? { qcOverrideReason: overrideReason.value.trim() } : {}),
        });
        await drawApproval();
        replace(decisionBox.querySelector('[role=status]') ?? decisionBox, h('div', { class: 'notice ok' }, t('review.decided')));
      } catch (error) {
        replace(message, h('div', { class: 'notice error' }, errorText(error)));
        if (error instanceof ApiError && error.code === 'CONFLICT') await drawApproval();
      }
    };
    const open = stage.state === 'open';
    replace(
      decisionBox,
      h(
        'div',
        { class: 'card', dataset: { stage: stage.id } },
        h('h3', null, t('review.decision', { stage: label(stage.label) })),
        open
          ? null
          : h(
              'div',
              { class: 'notice info small' },
              stage.state === 'waiting'
                ? t('review.notYourTurn', { stage: label(stages.find((item) => item.state === 'open')?.label ?? stage.label) })
                : t(`approvals.state.${stage.state}` as 'approvals.state.approved'),
            ),
        open ? note : null,
        open && session.role === 'admin' && approval.qc.status === 'fail' ? overrideReason : null,
        open
          ? h(
              'div',
              { class: 'row', style: 'margin-top:6px' },
              h('button', { type: 'button', class: 'ok', id: 'approve', onclick: () => void decide('approve') }, `✓ ${t('review.approve')}`),
              h(
                'button',
                { type: 'button', class: 'danger', id: 'request-changes', onclick: () => void decide('request-changes') },
                t('review.requestChanges'),
              ),
            )
          : null,
        message,
      ),
    );
  };

  // Shots of this version, the changed ones marked, beside the previous version.
  const changed = new Set(detail.changedShots);
  let timings: { shotId: string; startFrame: number; frames: number }[] = [];
  try {
    timings = computeShotTimings({ cut: detail.cut }).shots;
  } catch {
    timings = [];
  }
  const canRender =
    !review && !detail.renders.some((r) => r.profile === 'review' && r.status !== 'failed') && (session.role === 'editor' || session.role === 'admin');
  const fromFile = changedRangesList({
    origin: detail.version.origin,
    hasPrevious: detail.previous !== null,
    ranges: detail.changedRanges,
    seekFrame: (frame) => seekFrame(frame),
    renderForReview: canRender ? base : undefined,
  });
  const shotList = h(
    'div',
    { id: 'shot-list' },
    fromFile ?? null,
    fromFile
      ? null
      : detail.previous
        ? changed.size > 0
          ? h('div', { class: 'notice warn small' }, t('review.changedShots', { shots: [...changed].join(', ') }))
          : h('div', { class: 'notice info small' }, t('review.noChangedShots'))
        : h('div', { class: 'notice info small' }, t('review.noPrevious')),
    timings.map((timing, index) =>
      h(
        'div',
        {
          class: `shot${changed.has(timing.shotId) ? ' changed' : ''}`,
          style: 'grid-template-columns:36px 1fr;cursor:pointer',
          dataset: { shotId: timing.shotId },
          onclick: () => seekFrame(timing.startFrame),
        },
        h('div', { class: 'num' }, String(index + 1)),
        h(
          'div',
          null,
          h('span', { class: 'mono' }, displayTimecode({ frames: timing.startFrame })),
          ` · ${shotCaption(detail.cut, timing.shotId)} · ${displayTimecode({ frames: timing.frames })}`,
          changed.has(timing.shotId) ? h('span', { class: 'badge warn', style: 'margin-left:6px' }, '≠') : null,
        ),
      ),
    ),
  );
  const previousBox = h('div', { id: 'previous' });
  if (detail.previous) {
    const previousPath = projectPath(projectId, `/versions/${encodeURIComponent(detail.previous.id)}`);
    api<VersionDetail>('GET', previousPath)
      .then((previous) => {
        const render = previous.renders.find((item) => item.profile === 'review' && item.status === 'done' && item.mediaUrl);
        const other = h('video', { controls: true, preload: 'metadata', muted: true, src: render?.mediaUrl ?? undefined });
        // Follow the current player so the two pictures stay side by side at the same timecode.
        player.addEventListener('seeked', () => {
          if (Math.abs(other.currentTime - player.currentTime) > 0.02) other.currentTime = player.currentTime;
        });
        replace(
          previousBox,
          h('h3', null, t('review.previous', { number: previous.version.number })),
          render ? other : h('p', { class: 'muted' }, t('review.renderNotReady')),
        );
      })
      .catch(() => replace(previousBox));
  }

  replace(
    root,
    h(
      'div',
      { class: 'row spread' },
      h('h1', null, `${version.title} — ${t('review.version', { number: version.number })}`),
      h('span', { class: 'mono muted' }, version.duration),
    ),
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        null,
        h(
          'section',
          { class: 'card' },
          review ? null : h('div', { class: 'notice warn' }, t('review.renderNotReady')),
          h(
            'div',
            { class: 'side-by-side', style: detail.previous ? '' : 'grid-template-columns:1fr' },
            h('div', null, detail.previous ? h('h3', null, t('review.version', { number: version.number })) : null, player),
            detail.previous ? previousBox : null,
          ),
          h('div', { class: 'row spread', style: 'margin-top:8px' }, tc, h('span', { class: 'small muted' }, t('review.keyboard'))),
        ),
        h(
          'section',
          { class: 'card' },
          h('h2', { style: 'margin-top:0' }, t('review.comments')),
          commentForm,
          h('div', { style: 'margin-top:12px' }, commentsBox),
        ),
      ),
      h(
        'aside',
        null,
        decisionBox,
        h('section', { class: 'card' }, h('h3', null, t('approvals.title')), chainBox),
        h('section', { class: 'card' }, h('h3', null, t('cut.shots')), shotList),
      ),
    ),
  );
  showTc();
  await Promise.all([drawComments(), drawApproval()]);
}

/** "Thẻ tiêu đề «Đại hội lần thứ I»", "Đoạn video s2" … for the shot list. */
function shotCaption(cut: Cut, shotId: string): string {
  const shot = cut.shots.find((item) => item.id === shotId);
  if (!shot) return shotId;
  const kind = tDynamic(`cut.type.${shot.type}`, shot.type);
  return shot.type === 'title' ? `${kind} «${shot.text}»` : `${kind} ${shot.id}`;
}
