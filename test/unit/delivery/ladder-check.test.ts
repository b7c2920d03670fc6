import { describe, expect, it } from 'vitest';
import { ladderCheck } from '../../../shared/delivery/qc/ladder-check.ts';
import type { HlsLadderReading, HlsRungReading } from '../../../shared/media/index.ts';

/** A rung of `durations` seconds, each segment starting on a keyframe at its own time (90 kHz, muxer offset 1.4 s). */
function rung(name: string, durations: number[], change: (segments: HlsRungReading['segments']) => void = () => {}): HlsRungReading {
  let t = 1.4;
  const segments = durations.map((durationSeconds, i) => {
    const segment = {
      uri: `seg-${String(i).padStart(5, '0')}.ts`,
      durationSeconds,
      sizeBytes: 100_000,
      startsWithKeyframe: true,
      startPts: Math.round(t * 90_000),
    };
    t += durationSeconds;
    return segment;
  });
  change(segments);
  return {
    name,
    playlist: `${name}/index.m3u8`,
    targetDurationSeconds: 6,
    ended: true,
    segments,
    video: { codec: 'h264', profile: 'High', level: 40, width: 1280, height: 720 },
    audio: { codec: 'aac', profile: 'LC', channels: 2 },
  };
}

const GOOD = [6, 6, 6, 2.4];
const ladder = (rungs: HlsRungReading[]): HlsLadderReading => ({ segmentSeconds: 6, rungs });

describe('ladderCheck', () => {
  it('passes a ladder whose rungs share 6 s segments that start on keyframes and last the programme', () => {
    const result = ladderCheck({ ladder: ladder(['1080p', '720p', '480p', '360p'].map((name) => rung(name, GOOD))), programmeFrames: 510, fps: 25 });
    expect(result.status).toBe('pass');
    expect(result.details.table!.rows.map((row) => row.cells.at(-1))).toEqual(Array(4).fill('Đạt / OK'));
    expect(result.details.summary.en).toContain('4 rungs of 4 segments');
  });

  it('fails a segment past the target, a segment without a keyframe, misaligned boundaries, a short rung and a rung without sound, naming each', () => {
    const result = ladderCheck({
      ladder: ladder([
        rung('1080p', GOOD),
        rung('720p', [6, 6.4, 5.6, 2.4]),
        rung('480p', GOOD, (segments) => {
          segments[2]!.startsWithKeyframe = false;
        }),
        { ...rung('360p', [6, 6, 6]), audio: null },
      ]),
      programmeFrames: 510,
      fps: 25,
    });
    expect(result.status).toBe('fail');
    const summary = result.details.summary.en;
    expect(summary).toContain('720p: 1 segment(s) longer than 6 s (seg-00001.ts: 6.400 s)');
    expect(summary).toContain('720p: segment boundaries differ from 1080p');
    expect(summary).toContain('480p: 1 segment(s) not starting on a keyframe (seg-00002.ts)');
    expect(summary).toContain('360p: lasts 18.000 s instead of 20.400 s');
    expect(summary).toContain('360p: no sound');
    expect(result.details.table!.rows.map((row) => row.cells.at(-1))).toEqual(['Đạt / OK', 'Không đạt / Fail', 'Không đạt / Fail', 'Không đạt / Fail']);
  });

  it('accepts a duration one frame off (the last frame of an MPEG-TS segment) but not two', () => {
    expect(ladderCheck({ ladder: ladder([rung('1080p', [6, 6, 6, 2.44])]), programmeFrames: 510, fps: 25 }).status).toBe('pass');
    expect(ladderCheck({ ladder: ladder([rung('1080p', [6, 6, 6, 2.48])]), programmeFrames: 510, fps: 25 }).status).toBe('fail');
  });
});
