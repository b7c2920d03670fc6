import type { Loudness, ProbeFacts } from '../../domain/media-facts.ts';
import { t } from './boot.ts';

/** An asset as the API shows it (shared/web/API.md, "Library"). */
export interface AssetView {
  id: string;
  kind: string;
  status: string;
  originalName: string;
  organisation: string;
  contributor: string;
  theme: string | null;
  speaker: { name: string; position: string } | null;
  description: string;
  original: { sha256: string; sizeBytes: number };
  probe: ProbeFacts | null;
  loudness: Loudness | null;
  warnings: { code: string; message: string; messageVi: string }[];
  error: { code: string; message: string; messageVi: string } | null;
  derivatives: Record<string, { contentType: string; sizeBytes: number; width?: number; height?: number; url: string }>;
  createdAt: string;
  updatedAt: string;
}

/** "12,4 s" style seconds with one decimal. */
export function formatSeconds(seconds: number | null | undefined, lang: string): string {
  if (seconds === null || seconds === undefined) return '—';
  return `${seconds.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 })} s`;
}

/** The technical facts editors look at, as label/value pairs. */
export function probeFacts(asset: AssetView, lang: string): [string, string][] {
  const probe = asset.probe;
  if (!probe) return [];
  const facts: [string, string][] = [];
  if (probe.durationSeconds !== null && !probe.video?.still) facts.push([t('library.fact.duration'), formatSeconds(probe.durationSeconds, lang)]);
  if (probe.video) {
    const v = probe.video;
    const fps = v.still ? '' : ` · ${Math.round((v.frameRate.num / v.frameRate.den) * 100) / 100} fps${v.variableFrameRate ? ' VFR' : ''}`;
    facts.push([t('library.fact.picture'), `${v.displayWidth}×${v.displayHeight}${fps}`]);
    facts.push([
      t('library.fact.codec'),
      `${v.codec}${v.profile ? ` ${v.profile}` : ''} · ${v.pixelFormat}${v.fieldOrder === 'tff' || v.fieldOrder === 'bff' ? ` · ${v.fieldOrder}` : ''}`,
    ]);
  }
  if (probe.audio) {
    const a = probe.audio;
    facts.push([t('library.fact.sound'), `${a.codec} · ${a.sampleRate / 1000} kHz · ${a.channelLayout || `${a.channels} ch`}`]);
  }
  facts.push([t('library.fact.container'), probe.formatName.split(',')[0] ?? probe.formatName]);
  return facts;
}

/** "−23,0 LUFS · LRA 6,1 LU · TP −4,2 dBTP". */
export function formatLoudness(loudness: Loudness | null, lang: string): string {
  if (!loudness) return '—';
  const n = (value: number) => value.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${n(loudness.integratedLufs)} LUFS · LRA ${n(loudness.loudnessRangeLu)} LU · TP ${n(loudness.truePeakDbtp)} dBTP`;
}
