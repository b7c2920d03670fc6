/// <reference lib="dom" />
import { api, currentSession, errorText, projectPath } from '../api.ts';
import { boot, t, tDynamic } from '../boot.ts';
import { formatBytes, formatDateTime, h, replace } from '../dom.ts';
import type { PageContext } from '../page-context.ts';
import { displayTimecode } from '../../../domain/timecode.ts';

interface DeliveryFile {
  renderId: string;
  profile: string;
  role: string;
  name: string;
  sizeBytes: number;
  durationFrames: number | null;
  sha256: string;
  md5: string;
  contentType: string;
  qcStatus: string | null;
  qcReportUrl: string | null;
  downloadUrl: string;
  expiresAt: string;
}
interface Delivery {
  version: { id: string; number: number; title: string; duration: string; createdAt: string };
  approvedAt: string;
  files: DeliveryFile[];
}

/** The files a broadcaster takes first: the programme and its sidecars, then the paperwork. */
const ROLE_ORDER = ['programme', 'srt', 'vtt', 'poster', 'hls-master', 'qc-html', 'qc-json', 'manifest', 'checksums-sha256', 'checksums-md5', 'thumbnail'];

/** Files listed for scripts, not people: the HLS ladder's index (its master playlist stands for the ladder). */
const HIDDEN_ROLES = new Set(['hls-index']);

/**
 * Delivery (broadcaster): approved versions only; per deliverable its profile, size, duration,
 * SHA-256 and MD5, QC report, and a download link that expires (every download is logged).
 */
export async function showDeliveryPage({ root, projectId }: PageContext): Promise<void> {
  const { deliveries } = await api<{ deliveries: Delivery[] }>('GET', projectPath(projectId, '/deliveries'));
  const role = currentSession()?.role;
  const publications =
    role === 'admin' || role === 'editor'
      ? (await api<{ publications: PublicationView[] }>('GET', projectPath(projectId, '/publications'))).publications
      : null;
  replace(
    root,
    h('h1', null, t('delivery.title')),
    h('p', { class: 'lead' }, t('delivery.intro')),
    deliveries.length === 0
      ? h('p', { class: 'muted', id: 'no-deliveries' }, t('delivery.empty'))
      : deliveries.map((delivery) => {
          const files = delivery.files
            .filter((file) => !HIDDEN_ROLES.has(file.role))
            .sort((a, b) => a.profile.localeCompare(b.profile) || ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
          return h(
            'section',
            { class: 'card', dataset: { versionId: delivery.version.id } },
            h(
              'div',
              { class: 'row spread' },
              h('h2', { style: 'margin:0' }, `${delivery.version.title} — v${delivery.version.number}`),
              h('span', { class: 'badge approved' }, t('delivery.approvedAt', { at: formatDateTime({ iso: delivery.approvedAt, lang: boot.lang }) })),
            ),
            h('p', { class: 'hash' }, delivery.version.id),
            publications
              ? publishPanel({
                  projectId,
                  delivery,
                  publications: publications.filter((p) => p.versionId === delivery.version.id),
                  canPublish: role === 'admin',
                  reload: () => showDeliveryPage({ root, projectId } as PageContext),
                })
              : null,
            [...new Set(files.map((file) => file.profile))].map((profile) => {
              const ofProfile = files.filter((file) => file.profile === profile);
              const qc = ofProfile.find((file) => file.qcStatus)?.qcStatus ?? null;
              const report = ofProfile.find((file) => file.qcReportUrl)?.qcReportUrl ?? null;
              return h(
                'div',
                { class: 'profile-block', dataset: { profile } },
                h(
                  'div',
                  { class: 'row', style: 'margin:14px 0 6px' },
                  h('h3', { style: 'margin:0' }, tDynamic(`profile.${profile}`, profile)),
                  qc ? h('span', { class: `badge ${qc}` }, `QC: ${tDynamic(`qc.${qc}`, qc)}`) : null,
                  report ? h('a', { href: report, target: '_blank', rel: 'noopener', class: 'small' }, t('delivery.qcReport')) : null,
                ),
                h(
                  'table',
                  { class: 'delivery-files' },
                  h(
                    'thead',
                    null,
                    h(
                      'tr',
                      null,
                      h('th', null, t('delivery.file')),
                      h('th', null, t('common.size')),
                      h('th', null, t('common.duration')),
                      h('th', null, t('delivery.checksums')),
                      h('th', null, ''),
                    ),
                  ),
                  h(
                    'tbody',
                    null,
                    ofProfile.map((file) =>
                      h(
                        'tr',
                        { dataset: { file: file.name, role: file.role, profile: file.profile, sha256: file.sha256 } },
                        h(
                          'td',
                          null,
                          file.role === 'programme'
                            ? h('b', null, file.name)
                            : file.role === 'hls-master'
                              ? [h('b', null, 'HLS'), ' ', h('span', { class: 'small muted' }, file.name)]
                              : file.name,
                        ),
                        h('td', { class: 'small' }, formatBytes({ bytes: file.sizeBytes, lang: boot.lang })),
                        h('td', { class: 'mono' }, file.role === 'programme' && file.durationFrames ? displayTimecode({ frames: file.durationFrames }) : ''),
                        h('td', null, h('div', { class: 'hash sha256' }, `SHA-256 ${file.sha256}`), h('div', { class: 'hash md5' }, `MD5 ${file.md5}`)),
                        h(
                          'td',
                          { style: 'white-space:nowrap' },
                          h(
                            'a',
                            { class: `button small download${file.role === 'programme' ? '' : ' secondary'}`, href: file.downloadUrl, download: file.name },
                            `⬇ ${t('delivery.download')}`,
                          ),
                          h('div', { class: 'small muted' }, t('delivery.expires', { at: formatDateTime({ iso: file.expiresAt, lang: boot.lang }) })),
                        ),
                      ),
                    ),
                  ),
                ),
              );
            }),
          );
        }),
  );
}

interface PublicationView {
  slug: string;
  versionId: string;
  title: string;
  url: string;
  withdrawnAt: string | null;
  publishedAt: string;
}

/**
 * The version's place on the public watch page: its live publications (open, unpublish) and,
 * for an admin, the form that publishes it (address, title, description, MP4 download).
 */
function publishPanel({
  projectId,
  delivery,
  publications,
  canPublish,
  reload,
}: {
  projectId: string;
  delivery: Delivery;
  publications: PublicationView[];
  canPublish: boolean;
  reload: () => Promise<void>;
}): HTMLElement {
  const message = h('p', { class: 'small', role: 'status' });
  const live = publications.filter((p) => p.withdrawnAt === null);
  const rows = publications.map((publication) =>
    h(
      'li',
      { dataset: { slug: publication.slug } },
      publication.withdrawnAt === null
        ? [
            h('span', { class: 'badge approved' }, t('publish.live')),
            ' ',
            h('a', { href: publication.url, target: '_blank', rel: 'noopener' }, publication.url),
            canPublish
              ? h(
                  'button',
                  {
                    type: 'button',
                    class: 'small secondary unpublish',
                    onclick: async () => {
                      if (!window.confirm(t('publish.confirmUnpublish'))) return;
                      try {
                        await api('DELETE', projectPath(projectId, `/publications/${publication.slug}`));
                        await reload();
                      } catch (error) {
                        message.textContent = errorText(error);
                      }
                    },
                  },
                  t('publish.unpublish'),
                )
              : null,
          ]
        : h(
            'span',
            { class: 'muted' },
            `${publication.url} — ${t('publish.withdrawn', { at: formatDateTime({ iso: publication.withdrawnAt, lang: boot.lang }) })}`,
          ),
    ),
  );
  const slug = h('input', { name: 'slug', pattern: '[a-z0-9]+(-[a-z0-9]+)*', maxlength: '80', placeholder: t('publish.slugHint') });
  const title = h('input', { name: 'title', maxlength: '200', value: delivery.version.title });
  const description = h('textarea', { name: 'description', maxlength: '2000', rows: '2' });
  const download = h('input', { type: 'checkbox', name: 'download' });
  const form =
    canPublish && live.length === 0
      ? h(
          'form',
          {
            class: 'publish-form',
            onsubmit: async (event: Event) => {
              event.preventDefault();
              message.textContent = '';
              try {
                await api('POST', projectPath(projectId, `/versions/${delivery.version.id}/publish`), {
                  ...(slug.value ? { slug: slug.value } : {}),
                  title: title.value,
                  description: description.value,
                  download: download.checked,
                });
                await reload();
              } catch (error) {
                message.textContent = errorText(error);
              }
            },
          },
          h('label', null, t('publish.slug'), slug),
          h('label', null, t('publish.pageTitle'), title),
          h('label', null, t('publish.description'), description),
          h('label', { class: 'row' }, download, t('publish.download')),
          h('button', { type: 'submit' }, t('publish.button')),
        )
      : null;
  return h(
    'div',
    { class: 'publish-panel', dataset: { versionId: delivery.version.id } },
    h('h3', { style: 'margin:14px 0 6px' }, t('publish.title')),
    h('p', { class: 'small muted' }, t('publish.intro')),
    rows.length > 0 ? h('ul', { class: 'publications' }, rows) : null,
    form,
    message,
  );
}
