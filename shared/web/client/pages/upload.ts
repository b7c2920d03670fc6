/// <reference lib="dom" />
import viVN from '@uppy/locales/lib/vi_VN.js';
import { ASSET_KINDS as KINDS } from '../../../domain/asset-kinds.ts';
import { UPLOAD_PART_BYTES } from '../../../domain/upload-parts.ts';
import { api, errorText, localMessage, projectPath } from '../api.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatBytes, formatDateTime, h, replace, select } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { label, loadProject, themeLabel, type Project } from '../project.ts';
import { totalPercent } from '../upload-progress.ts';
import { createUpload, installUppyBridge } from '../uppy-bridge.ts';
import { loadProgrammeChoices, programmeFields, type ProgrammeChoices } from './upload-programme-fields.ts';

interface UploadView {
  uploadId: string;
  filename: string;
  sizeBytes: number;
  state: 'uploading' | 'storing' | 'completed' | 'failed' | 'aborted';
  /** Why storing the file failed (state `failed`). */
  error: { code: string; message: string; messageVi: string } | null;
  createdAt: string;
  metadata: { kind?: string; theme?: string; speaker?: { name: string; position: string } };
  asset: {
    id: string;
    status: string;
    kind: string;
    error: { code: string; message: string; messageVi: string } | null;
    warnings: { code: string; message: string; messageVi: string }[];
  } | null;
}

// The parts of Uppy this page uses (the bundle is loaded at run time from /static/).
interface UppyFile {
  id: string;
  name: string;
  size: number | null;
  type: string;
  meta: Record<string, unknown>;
  progress: { percentage?: number; uploadComplete?: boolean; bytesUploaded?: number | false; bytesTotal?: number | null };
  error?: string | null;
  s3Multipart?: { uploadId: string; key: string };
}
interface UppyInstance {
  use(plugin: unknown, options?: unknown): UppyInstance;
  on(event: string, handler: (...args: never[]) => void): UppyInstance;
  getFiles(): UppyFile[];
  getFile(id: string): UppyFile | undefined;
  setFileMeta(id: string, meta: Record<string, unknown>): void;
  setFileState(id: string, state: Record<string, unknown>): void;
  addPreProcessor(fn: (fileIds: string[]) => Promise<void>): void;
}

/**
 * Upload (contributor): Uppy's dashboard (drag and drop of many files, per-file and total
 * progress, pause and resume, uploads in parts that resume after a dropped connection or — with
 * Golden Retriever — a closed tab), a form per file (kind, theme, speaker, description), and the
 * list of my uploads with their processing state and, for a rejected file, the reason.
 */
export async function showUploadPage({ root, projectId, session }: PageContext): Promise<void> {
  const { project } = await loadProject(projectId);
  const programmeChoices = await loadProgrammeChoices({ projectId, role: session.role });
  const total = h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-label': 'total', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
    h('div', { style: 'width:0%' }),
  );
  const totalText = h('span', { class: 'small muted', id: 'total-progress' }, '0%');
  const metaList = h('div', { id: 'file-meta' });
  const mine = h('div', { id: 'my-uploads' }, h('p', { class: 'muted' }, t('common.loading')));
  const uppyTarget = h('div', { id: 'uppy' }, h('p', { class: 'muted' }, t('upload.loadingUppy')));
  replace(
    root,
    h('h1', null, t('upload.title')),
    h('p', { class: 'lead' }, t('upload.intro')),
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        null,
        h('div', { class: 'card' }, uppyTarget, h('div', { class: 'row', style: 'margin-top:10px' }, h('div', { style: 'flex:1' }, total), totalText)),
      ),
      h('div', null, h('div', { class: 'card' }, h('h2', { style: 'margin-top:0' }, t('upload.metaTitle')), metaList)),
    ),
    h('h2', null, t('upload.mine')),
    mine,
  );

  let refreshTimer: number | undefined;
  const refresh = async () => {
    window.clearTimeout(refreshTimer);
    try {
      const { uploads } = await api<{ uploads: UploadView[] }>('GET', projectPath(projectId, '/uploads'));
      drawMyUploads({ target: mine, uploads, project });
      // A file being stored (moved into the originals after its last part), then processed: poll until it is judged.
      const busy = uploads.some(
        (upload) =>
          upload.state === 'storing' ||
          (upload.state === 'completed' && (upload.asset === null || upload.asset.status === 'queued' || upload.asset.status === 'processing')),
      );
      if (busy) refreshTimer = window.setTimeout(() => void refresh(), 1500);
    } catch (error) {
      replace(mine, h('div', { class: 'notice error' }, errorText(error)));
    }
  };
  void refresh();

  const endpoint = installUppyBridge({ projectId, onCompleted: () => void refresh() });
  const uppyUrl = '/static/uppy.min.mjs';
  const { Uppy, Dashboard, AwsS3, GoldenRetriever } = (await import(/* @vite-ignore */ uppyUrl)) as Record<string, new (...args: unknown[]) => unknown>;
  if (!Uppy || !Dashboard || !AwsS3 || !GoldenRetriever) throw new Error('Uppy bundle is missing a plugin');
  uppyTarget.replaceChildren();
  const uppy = new Uppy({
    id: `reportage-${projectId}`,
    autoProceed: false,
    ...(boot.lang === 'vi' ? { locale: viVN } : {}),
    restrictions: { maxFileSize: project.uploadLimits.maxBytes },
  }) as UppyInstance;
  uppy
    .use(Dashboard, {
      inline: true,
      target: uppyTarget,
      width: '100%',
      height: 380,
      showProgressDetails: true,
      proudlyDisplayPoweredByUppy: false,
      hideProgressAfterFinish: false,
      showRemoveButtonAfterComplete: false,
      note: t('upload.intro').split('.')[0] ?? '',
    })
    .use(GoldenRetriever, { serviceWorker: false })
    .use(AwsS3, { companionEndpoint: endpoint, shouldUseMultipart: true, limit: 3, getChunkSize: () => UPLOAD_PART_BYTES });

  // Every file goes up in parts through the API (see createUpload): the upload is started here,
  // with the metadata as the contributor left it, and Uppy carries on as with a resumed upload.
  uppy.addPreProcessor(async (fileIds) => {
    for (const id of fileIds) {
      const file = uppy.getFile(id);
      if (!file || file.s3Multipart || file.progress.uploadComplete) continue;
      const started = await createUpload({ projectId, filename: file.name, contentType: file.type, meta: { ...file.meta, sizeBytes: file.size ?? 0 } });
      uppy.setFileState(id, { s3Multipart: started });
    }
  });

  const drawMeta = () => drawMetaForms({ target: metaList, uppy, project, programmeChoices });
  uppy.on('file-added', ((file: UppyFile) => {
    uppy.setFileMeta(file.id, { kind: guessKind(file), sizeBytes: file.size ?? 0, theme: '', speakerName: '', speakerPosition: '', description: '' });
    drawMeta();
  }) as never);
  uppy.on('file-removed', drawMeta as never);
  uppy.on('restored', drawMeta as never);
  uppy.on('upload-progress', (() => drawProgress({ uppy, bar: total, text: totalText, list: metaList })) as never);
  uppy.on('progress', (() => drawProgress({ uppy, bar: total, text: totalText, list: metaList })) as never);
  uppy.on('upload-success', (() => {
    drawProgress({ uppy, bar: total, text: totalText, list: metaList });
    void refresh();
  }) as never);
  uppy.on('complete', (() => {
    drawProgress({ uppy, bar: total, text: totalText, list: metaList });
    void refresh();
  }) as never);
  drawMeta();
}

/** A kind to start from, by MIME type or extension (the contributor can change it). */
function guessKind(file: UppyFile): string {
  const name = file.name.toLowerCase();
  if (/\.(srt|vtt)$/.test(name)) return 'subtitle';
  if (file.type.startsWith('image/')) return 'photo';
  if (file.type.startsWith('audio/')) return 'voiceover';
  return 'footage';
}

/** One small form per file in the uploader: what the editors need to find and use it. */
function drawMetaForms({
  target,
  uppy,
  project,
  programmeChoices,
}: {
  target: HTMLElement;
  uppy: UppyInstance;
  project: Project;
  programmeChoices: ProgrammeChoices;
}): void {
  const files = uppy.getFiles();
  if (files.length === 0) {
    replace(target, h('p', { class: 'muted' }, t('upload.intro').split('.')[0] ?? ''));
    return;
  }
  replace(
    target,
    files.map((file) => {
      const meta = file.meta;
      const set = (name: string) => (event: Event) => uppy.setFileMeta(file.id, { [name]: (event.target as HTMLInputElement).value });
      const done = file.progress.uploadComplete === true;
      return h(
        'fieldset',
        { class: 'card', dataset: { fileId: file.id, fileName: file.name }, disabled: done, style: 'margin:0 0 10px' },
        h(
          'legend',
          { class: 'row' },
          h('b', null, file.name),
          h('span', { class: 'badge file-progress', dataset: { fileName: file.name } }, `${Math.round(file.progress.percentage ?? 0)}%`),
        ),
        h(
          'div',
          { class: 'meta-form' },
          h(
            'label',
            null,
            t('upload.kind'),
            select(
              {
                name: 'kind',
                onchange: (event: Event) => {
                  set('kind')(event);
                  drawMetaForms({ target, uppy, project, programmeChoices });
                },
              },
              KINDS.map((kind) => [kind, tDynamic(`kind.${kind}`, kind)]),
              String(meta.kind ?? 'footage'),
            ),
          ),
          h(
            'label',
            null,
            t('upload.theme'),
            select(
              { name: 'theme', onchange: set('theme') },
              [['', t('upload.themeNone')], ...project.themes.map((theme): [string, string] => [theme.id, label(theme.label)])],
              String(meta.theme ?? ''),
            ),
          ),
          h(
            'label',
            null,
            t('upload.speakerName'),
            h('input', { name: 'speakerName', value: String(meta.speakerName ?? ''), oninput: set('speakerName'), maxlength: 120 }),
          ),
          h(
            'label',
            null,
            t('upload.speakerPosition'),
            h('input', { name: 'speakerPosition', value: String(meta.speakerPosition ?? ''), oninput: set('speakerPosition'), maxlength: 200 }),
          ),
        ),
        programmeFields({ meta, choices: programmeChoices, set }),
        h(
          'label',
          null,
          t('upload.description'),
          h('textarea', { name: 'description', oninput: set('description'), maxlength: 2000 }, String(meta.description ?? '')),
        ),
      );
    }),
  );
}

/** Total progress bar and each file's percentage. */
function drawProgress({ uppy, bar, text, list }: { uppy: UppyInstance; bar: HTMLElement; text: HTMLElement; list: HTMLElement }): void {
  const percent = totalPercent({ files: uppy.getFiles() });
  bar.setAttribute('aria-valuenow', String(percent));
  (bar.firstElementChild as HTMLElement).style.width = `${percent}%`;
  text.textContent = `${percent}%`;
  for (const file of uppy.getFiles()) {
    const badge = list.querySelector<HTMLElement>(`fieldset[data-file-id="${CSS.escape(file.id)}"] .file-progress`);
    if (badge) badge.textContent = `${Math.round(file.progress.percentage ?? 0)}%`;
    if (file.progress.uploadComplete) badge?.classList.add('ok');
  }
}

/** My uploads, newest first: state, and the reason of a rejection in plain words. */
function drawMyUploads({ target, uploads, project }: { target: HTMLElement; uploads: UploadView[]; project: Project }): void {
  if (uploads.length === 0) {
    replace(target, h('p', { class: 'muted' }, t('upload.mineEmpty')));
    return;
  }
  const sorted = [...uploads].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  replace(
    target,
    h(
      'table',
      { id: 'uploads-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('upload.file')),
          h('th', null, t('upload.kind')),
          h('th', null, t('upload.theme')),
          h('th', null, t('common.size')),
          h('th', null, t('upload.state')),
          h('th', null, t('upload.reason')),
        ),
      ),
      h(
        'tbody',
        null,
        sorted.map((upload) => {
          const state = upload.state === 'completed' ? (upload.asset?.status ?? 'queued') : upload.state;
          const error = upload.asset?.error ?? upload.error;
          const reason = error ? localMessage(error) : state === 'failed' ? t('upload.failedHint') : '';
          const warnings = upload.asset?.warnings ?? [];
          return h(
            'tr',
            { dataset: { upload: upload.uploadId, name: upload.filename, state } },
            h('td', null, h('b', null, upload.filename), h('div', { class: 'small muted' }, formatDateTime({ iso: upload.createdAt, lang: boot.lang }))),
            h('td', null, tDynamic(`kind.${upload.asset?.kind ?? upload.metadata.kind ?? ''}`, upload.metadata.kind ?? '')),
            h('td', { class: 'small' }, themeLabel(project, upload.metadata.theme)),
            h('td', { class: 'small' }, formatBytes({ bytes: upload.sizeBytes, lang: boot.lang })),
            h('td', null, h('span', { class: `badge ${state}` }, tDynamic(`upload.state.${state}`, state))),
            h(
              'td',
              { class: 'reason' },
              reason ? h('div', { class: 'notice error', style: 'margin:0' }, reason) : null,
              warnings.length > 0
                ? h(
                    'ul',
                    { class: 'warnings' },
                    warnings.map((warning) => h('li', null, localMessage(warning))),
                  )
                : null,
            ),
          );
        }),
      ),
    ),
  );
}
