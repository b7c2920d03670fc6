/** Checks of the file as a whole: decode, conformance to the profile, length, stream durations, loudness, the line-up. */
import { LINE_UP_TONE, type AudioAnalysis, type ConformanceResult, type DecodeTestResult, type LineUpAnalysis } from '../../media/index.ts';
import { formatDurationTimecode } from '../../domain/timecode.ts';
import type { DeliveryProfile } from '../../domain/delivery-profiles.ts';
import { capitalise, check, comma, type Context } from './check.ts';
import { LINE_UP_RULES } from './qc-rules.ts';
import type { Bilingual, QcCheck, QcStatus, QcTable, QcDurations } from './qc-schema.ts';

export function decodeCheck({ decode }: { decode: DecodeTestResult }): QcCheck {
  if (decode.ok) {
    return check({
      id: 'decode',
      status: 'pass',
      summary: { vi: 'Toàn bộ tệp giải mã được, không có lỗi.', en: 'The whole file decodes with no error.' },
      values: { errorCount: 0, decodedSeconds: decode.decodedSeconds },
    });
  }
  const count = Math.max(decode.errorCount, decode.errors.length);
  return check({
    id: 'decode',
    status: 'fail',
    summary: {
      vi: `Có ${count} lỗi khi giải mã: tệp bị hỏng hoặc bị cắt cụt. Hãy xuất lại tệp.`,
      en: `${count} error(s) while decoding: the file is damaged or truncated. Render it again.`,
    },
    table: { columns: [{ vi: 'Thông báo của ffmpeg', en: 'ffmpeg message' }], rows: decode.errors.map((line) => ({ cells: [line], frame: null })) },
    values: { errorCount: count, decodedSeconds: decode.decodedSeconds },
  });
}

export function conformanceCheck({ conformance }: { conformance: ConformanceResult }): QcCheck {
  const wrong = conformance.checks.filter((c) => !c.ok);
  const disagreements = conformance.checks.filter((c) => c.agrees === false);
  const status: QcStatus = wrong.length > 0 ? 'fail' : disagreements.length > 0 ? 'warn' : 'pass';
  const ok = { vi: 'Đạt', en: 'OK' };
  const table: QcTable = {
    columns: [
      { vi: 'Mục', en: 'Check' },
      { vi: 'Yêu cầu', en: 'Expected' },
      { vi: 'Thực tế (ffprobe)', en: 'Found (ffprobe)' },
      { vi: 'MediaInfo', en: 'MediaInfo' },
      { vi: 'Kết quả', en: 'Result' },
    ],
    rows: conformance.checks.map((c) => ({
      cells: [
        `${c.label.vi} / ${c.label.en}`,
        c.expected,
        c.found,
        c.mediainfo ?? '—',
        c.ok ? (c.agrees === false ? 'Cảnh báo / Warning' : `${ok.vi} / ${ok.en}`) : 'Không đạt / Fail',
      ],
      frame: null,
    })),
  };
  const mediainfoNote = conformance.mediainfo.available
    ? { vi: '', en: '' }
    : { vi: ' (không đối chiếu được với MediaInfo)', en: ` (no MediaInfo cross-check: ${conformance.mediainfo.note ?? 'not available'})` };
  let summary: Bilingual;
  if (wrong.length > 0) {
    summary = {
      vi: `Không đúng quy cách: ${wrong.map((c) => `${c.label.vi} (cần ${c.expected}, thực tế ${c.found})`).join('; ')}.`,
      en: `Does not conform: ${wrong.map((c) => `${c.label.en} (expected ${c.expected}, found ${c.found})`).join('; ')}.`,
    };
  } else if (disagreements.length > 0) {
    summary = {
      vi: `Đúng quy cách theo ffprobe, nhưng MediaInfo đọc khác ở: ${disagreements.map((c) => `${c.label.vi} (${c.mediainfo})`).join('; ')}.`,
      en: `Conforms by ffprobe, but MediaInfo reads differently: ${disagreements.map((c) => `${c.label.en} (${c.mediainfo})`).join('; ')}.`,
    };
  } else {
    summary = { vi: `Đúng quy cách của cấu hình xuất${mediainfoNote.vi}.`, en: `Conforms to the profile${mediainfoNote.en}.` };
  }
  return check({
    id: 'conformance',
    status,
    summary,
    table,
    values: {
      failed: wrong.map((c) => c.check).join(',') || null,
      mediainfo: conformance.mediainfo.available,
      ...Object.fromEntries(conformance.checks.map((c) => [c.check, c.found])),
    },
  });
}

export function lengthCheckOf({ durations, severity }: { durations: QcDurations; severity: 'fail' | 'warn' | 'off' }): QcCheck {
  const { programmeFrames, limits } = durations;
  const length = formatDurationTimecode({ frames: programmeFrames });
  const range = `${formatDurationTimecode({ frames: limits.minFrames })}–${formatDurationTimecode({ frames: limits.maxFrames })}`;
  const values = { programmeFrames, minFrames: limits.minFrames, maxFrames: limits.maxFrames };
  if (severity === 'off') {
    return check({
      id: 'programme-length',
      status: 'pass',
      summary: { vi: `Thời lượng ${length} (không kiểm tra giới hạn ${range}).`, en: `Length ${length} (limits ${range} not checked).` },
      values,
    });
  }
  const inside = programmeFrames >= limits.minFrames && programmeFrames <= limits.maxFrames;
  return check({
    id: 'programme-length',
    status: inside ? 'pass' : severity,
    summary: inside
      ? { vi: `Thời lượng ${length}, trong giới hạn ${range}.`, en: `Length ${length}, within ${range}.` }
      : { vi: `Thời lượng ${length}, ngoài giới hạn ${range}.`, en: `Length ${length} is outside ${range}.` },
    values,
  });
}

export function avDurationCheck({ durations, fps }: { durations: QcDurations; fps: number }): QcCheck {
  const { videoSeconds, audioSeconds } = durations;
  if (videoSeconds === null || audioSeconds === null) {
    const missing = videoSeconds === null ? { vi: 'hình', en: 'picture' } : { vi: 'tiếng', en: 'sound' };
    return check({
      id: 'av-duration',
      status: 'fail',
      summary: { vi: `Không đọc được độ dài phần ${missing.vi}.`, en: `The ${missing.en} stream's duration could not be read.` },
      values: { videoSeconds, audioSeconds },
    });
  }
  const differenceFrames = Math.round(Math.abs(audioSeconds - videoSeconds) * fps * 100) / 100;
  const ok = Math.abs(audioSeconds - videoSeconds) <= 1 / fps + 1e-6;
  const numbers = `${videoSeconds.toFixed(3)} s / ${audioSeconds.toFixed(3)} s`;
  return check({
    id: 'av-duration',
    status: ok ? 'pass' : 'fail',
    summary: ok
      ? {
          vi: `Hình và tiếng dài bằng nhau trong phạm vi 1 khung hình (${comma(numbers)}).`,
          en: `Picture and sound last the same within one frame (${numbers}).`,
        }
      : {
          vi: `Hình và tiếng lệch nhau ${comma(differenceFrames.toFixed(2))} khung hình (${comma(numbers)}), quá 1 khung hình.`,
          en: `Picture and sound differ by ${differenceFrames.toFixed(2)} frames (${numbers}), more than one frame.`,
        },
    values: { videoSeconds, audioSeconds, differenceFrames },
  });
}

export function loudnessCheck({ audio, profile }: { audio: AudioAnalysis | null; profile: DeliveryProfile }): QcCheck {
  const target = profile.loudness;
  if (!audio) {
    return check({
      id: 'loudness',
      status: 'fail',
      summary: { vi: 'Không đo được độ lớn âm thanh: tệp không có tiếng.', en: 'No loudness reading: the file has no sound.' },
      values: { integratedLufs: null, loudnessRangeLu: null, truePeakDbtp: null },
    });
  }
  const { integratedLufs, loudnessRangeLu, truePeakDbtp } = audio.loudness;
  const integratedOk = Math.abs(integratedLufs - target.integratedLufs) <= target.toleranceLu + 1e-9;
  const peakOk = truePeakDbtp <= target.truePeakDbtp + 1e-9;
  const verdict = (ok: boolean) => (ok ? 'Đạt / OK' : 'Không đạt / Fail');
  const table: QcTable = {
    columns: [
      { vi: 'Chỉ số', en: 'Measure' },
      { vi: 'Yêu cầu', en: 'Target' },
      { vi: 'Đo được', en: 'Measured' },
      { vi: 'Kết quả', en: 'Result' },
    ],
    rows: [
      {
        cells: [
          'Độ lớn tích hợp / Integrated (I)',
          `${target.integratedLufs.toFixed(1)} LUFS ± ${target.toleranceLu.toFixed(1)}`,
          `${integratedLufs.toFixed(1)} LUFS`,
          verdict(integratedOk),
        ],
        frame: null,
      },
      { cells: ['Dải độ lớn / Loudness range (LRA)', '—', `${loudnessRangeLu.toFixed(1)} LU`, 'Tham khảo / Info'], frame: null },
      { cells: ['Đỉnh thực / True peak (TP)', `≤ ${target.truePeakDbtp.toFixed(1)} dBTP`, `${truePeakDbtp.toFixed(1)} dBTP`, verdict(peakOk)], frame: null },
    ],
  };
  const numbers = `I ${integratedLufs.toFixed(1)} LUFS, LRA ${loudnessRangeLu.toFixed(1)} LU, TP ${truePeakDbtp.toFixed(1)} dBTP`;
  const problems: Bilingual[] = [];
  if (!integratedOk) {
    problems.push({
      vi: `độ lớn ${comma(integratedLufs.toFixed(1))} LUFS ngoài mức ${comma(target.integratedLufs.toFixed(1))} ± ${comma(target.toleranceLu.toFixed(1))}`,
      en: `integrated ${integratedLufs.toFixed(1)} LUFS is outside ${target.integratedLufs.toFixed(1)} ± ${target.toleranceLu.toFixed(1)}`,
    });
  }
  if (!peakOk) {
    problems.push({
      vi: `đỉnh thực ${comma(truePeakDbtp.toFixed(1))} dBTP vượt ${comma(target.truePeakDbtp.toFixed(1))} dBTP`,
      en: `true peak ${truePeakDbtp.toFixed(1)} dBTP is above ${target.truePeakDbtp.toFixed(1)} dBTP`,
    });
  }
  return check({
    id: 'loudness',
    status: problems.length > 0 ? 'fail' : 'pass',
    summary:
      problems.length > 0
        ? {
            vi: `${capitalise(problems.map((p) => p.vi).join('; '))} (${comma(numbers)}).`,
            en: `${capitalise(problems.map((p) => p.en).join('; '))} (${numbers}).`,
          }
        : { vi: `Đạt mức độ lớn của cấu hình xuất (${comma(numbers)}).`, en: `Loudness meets the profile (${numbers}).` },
    table,
    values: {
      integratedLufs,
      loudnessRangeLu,
      truePeakDbtp,
      targetLufs: target.integratedLufs,
      toleranceLu: target.toleranceLu,
      maxTruePeakDbtp: target.truePeakDbtp,
    },
  });
}

export function lineUpCheck({ lineUp, context }: { lineUp: LineUpAnalysis; context: Context }): QcCheck {
  const rules = LINE_UP_RULES;
  const verdict = (ok: boolean) => (ok ? 'Đạt / OK' : 'Không đạt / Fail');
  const n = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));
  const rows: { cells: string[]; ok: boolean; frame: number }[] = [];
  const problems: Bilingual[] = [];
  const picture = (kind: 'bars' | 'slate' | 'black') => lineUp.pictures.find((p) => p.kind === kind);

  const bars = picture('bars');
  if (bars) {
    const ok = bars.framesRead > 0 && (bars.saturationMin ?? 0) >= rules.barsMinSaturation && (bars.lumaPeakMin ?? 0) >= rules.barsMinPeakLuma;
    rows.push({
      cells: [
        'Sọc màu / Colour bars',
        `${context.tc(bars.startFrame)}, ${bars.frames} khung / frames`,
        `bão hoà / saturation ≥ ${rules.barsMinSaturation}, trắng / white ≥ ${rules.barsMinPeakLuma}`,
        `${n(bars.saturationMin, 1)}, ${n(bars.lumaPeakMin)}`,
      ],
      ok,
      frame: bars.startFrame,
    });
    if (!ok) problems.push({ vi: 'không thấy sọc màu ở đầu băng', en: 'no colour bars at the head' });
    const expected = `${rules.toneLevelDbfs.toFixed(1)} dBFS ± ${rules.toneToleranceDb.toFixed(1)}, ${rules.toneFrequencyHz} Hz ± ${rules.toneFrequencyTolerance * 100} %`;
    if (lineUp.tone.length < 2) {
      rows.push({
        cells: ['Tone 1 kHz', `${context.tc(bars.startFrame)}`, expected, lineUp.tone.length === 0 ? 'không có tiếng / no sound' : '1 kênh / 1 channel'],
        ok: false,
        frame: bars.startFrame,
      });
      problems.push({ vi: 'không đo được tone chuẩn trên cả hai kênh', en: 'no line-up tone on both channels' });
    }
    for (const tone of lineUp.tone) {
      const levelOk = Math.abs(tone.levelDbfs - rules.toneLevelDbfs) <= rules.toneToleranceDb + 1e-9;
      const frequencyOk = Math.abs(tone.frequencyHz - rules.toneFrequencyHz) <= rules.toneFrequencyHz * rules.toneFrequencyTolerance;
      const side = tone.channel === 'left' ? { vi: 'trái', en: 'left' } : { vi: 'phải', en: 'right' };
      rows.push({
        cells: [
          `Tone kênh ${side.vi} / ${side.en}`,
          context.tc(bars.startFrame),
          expected,
          `${tone.levelDbfs.toFixed(2)} dBFS, ${tone.frequencyHz.toFixed(1)} Hz`,
        ],
        ok: levelOk && frequencyOk,
        frame: bars.startFrame,
      });
      if (!levelOk)
        problems.push({ vi: `tone kênh ${side.vi} ở ${comma(tone.levelDbfs.toFixed(2))} dBFS`, en: `${side.en} tone at ${tone.levelDbfs.toFixed(2)} dBFS` });
      if (!frequencyOk)
        problems.push({ vi: `tone kênh ${side.vi} ở ${comma(tone.frequencyHz.toFixed(1))} Hz`, en: `${side.en} tone at ${tone.frequencyHz.toFixed(1)} Hz` });
    }
  }
  const slate = picture('slate');
  if (slate) {
    const ok = slate.framesRead > 0 && (slate.lumaPeakMin ?? 0) > rules.blackMaxLuma && (slate.saturationMax ?? 0) < rules.barsMinSaturation;
    rows.push({
      cells: [
        'Slate',
        `${context.tc(slate.startFrame)}, ${slate.frames} khung / frames`,
        `có hình, không đen, không sọc / a picture, not black, not bars`,
        `${n(slate.lumaPeakMin)}, ${n(slate.saturationMax, 1)}`,
      ],
      ok,
      frame: slate.startFrame,
    });
    if (!ok) problems.push({ vi: 'không thấy slate', en: 'no slate' });
  }
  const black = picture('black');
  if (black) {
    const ok = black.framesRead > 0 && (black.lumaPeakMax ?? 255) <= rules.blackMaxLuma;
    rows.push({
      cells: [
        'Hình đen trước chương trình / Black before the programme',
        `${context.tc(black.startFrame)}, ${black.frames} khung / frames`,
        `≤ ${rules.blackMaxLuma}`,
        n(black.lumaPeakMax),
      ],
      ok,
      frame: black.startFrame,
    });
    if (!ok) problems.push({ vi: 'đoạn đen trước chương trình không đen', en: 'the black before the programme is not black' });
  }
  if (lineUp.quietPeakDbfs !== null) {
    const ok = lineUp.quietPeakDbfs <= rules.quietMaxDbfs;
    const start = slate?.startFrame ?? black?.startFrame ?? 0;
    rows.push({
      cells: [
        'Im lặng dưới slate và đen / Silence under slate and black',
        context.tc(start),
        `≤ ${rules.quietMaxDbfs} dBFS`,
        `${lineUp.quietPeakDbfs.toFixed(1)} dBFS`,
      ],
      ok,
      frame: start,
    });
    if (!ok)
      problems.push({
        vi: `có tiếng dưới slate hoặc đoạn đen (${comma(lineUp.quietPeakDbfs.toFixed(1))} dBFS)`,
        en: `sound under the slate or black (${lineUp.quietPeakDbfs.toFixed(1)} dBFS)`,
      });
  }
  const failed = rows.filter((row) => !row.ok);
  const left = lineUp.tone.find((t) => t.channel === 'left');
  const right = lineUp.tone.find((t) => t.channel === 'right');
  return check({
    id: 'line-up',
    status: failed.length > 0 ? 'fail' : 'pass',
    summary:
      failed.length > 0
        ? { vi: `Đầu băng chưa đúng: ${problems.map((p) => p.vi).join('; ')}.`, en: `The line-up is off: ${problems.map((p) => p.en).join('; ')}.` }
        : {
            vi: `Đầu băng đúng: sọc màu, tone ${LINE_UP_TONE.frequencyHz} Hz ở ${comma(LINE_UP_TONE.levelDbfs.toFixed(1))} dBFS trên hai kênh, slate, hình đen và im lặng trước chương trình.`,
            en: `The line-up is right: colour bars, ${LINE_UP_TONE.frequencyHz} Hz tone at ${LINE_UP_TONE.levelDbfs.toFixed(1)} dBFS on both channels, slate, black and silence before the programme.`,
          },
    table: {
      columns: [
        { vi: 'Phần', en: 'Part' },
        { vi: 'Vị trí', en: 'Where' },
        { vi: 'Yêu cầu', en: 'Target' },
        { vi: 'Đo được', en: 'Measured' },
        { vi: 'Kết quả', en: 'Result' },
      ],
      // A thumbnail only where something is wrong.
      rows: rows.map((row) => ({ cells: [...row.cells, verdict(row.ok)], frame: row.ok ? null : row.frame })),
    },
    values: {
      failed: failed.length,
      toneLeftDbfs: left?.levelDbfs ?? null,
      toneRightDbfs: right?.levelDbfs ?? null,
      toneLeftHz: left?.frequencyHz ?? null,
      toneRightHz: right?.frequencyHz ?? null,
      quietPeakDbfs: lineUp.quietPeakDbfs,
    },
  });
}
