import { describe, expect, it } from 'vitest';
import { STAGES } from '../../../infra/stage-settings.ts';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';

/**
 * The worker's /tmp and timeout against the need of its largest job (infra/stage-settings.ts says
 * how): the assembly of a 15-minute master keeps local copies of the segments and the sound, and
 * writes the muxed master, in /tmp: twice the master's size at the profile's maximum rate.
 * Timings are the render benchmark's (docs/aws.md "What a render costs").
 */

const LONGEST_PROGRAMME_SECONDS = 15 * 60;
/** The assembly (mux, QC with a full decode, checksums, package) of a 13-minute master on the benchmark machine, seconds. */
const ASSEMBLY_SECONDS = 200;

/** Bytes of a master of `seconds` in `profile`, at its maximum video rate plus its sound. */
function masterBytes(profileId: keyof typeof DEFAULT_PROFILES, seconds: number): number {
  const { video, audio } = DEFAULT_PROFILES[profileId];
  const videoKbps = video.maxrateKbps ?? video.bitrateKbps ?? 0;
  // PCM: 24 bits per sample per track; AAC: its bitrate.
  const audioKbps = audio.codec === 'pcm_s24le' ? (audio.sampleRate * 24 * audio.channels) / 1000 : (audio.bitrateKbps ?? 0);
  return ((videoKbps + audioKbps) * 1000 * seconds) / 8;
}

/**
 * The `stream` profile's HLS ladder, made during its assembly: CPU-seconds per programme second
 * (one ffmpeg run: 1080p copied, 720p/480p/360p encoded with one x264 thread each, on grainy
 * 1080p test material: 53 CPU-s for 60 s, `bench:ladder`, docs/benchmarks.md), and the wall
 * seconds per programme second of its critical path, the 720p encoder's one thread (~60 % of it).
 */
const LADDER_CPU_SECONDS_PER_SECOND = 0.9;
const LADDER_WALL_SECONDS_PER_SECOND = 0.55;

/** Bytes of a profile's HLS ladder: every rung at its maximum rate with its own copy of the sound, plus 4 % of MPEG-TS packets. */
function ladderBytes(profileId: keyof typeof DEFAULT_PROFILES, seconds: number): number {
  const { ladder, audio } = DEFAULT_PROFILES[profileId];
  if (!ladder) return 0;
  const rungsKbps = ladder.renditions.reduce((sum, rung) => sum + rung.maxrateKbps + (audio.bitrateKbps ?? 0), 0);
  return 1.04 * (masterBytes(profileId, seconds) + (rungsKbps * 1000 * seconds) / 8);
}

/** Profiles whose 15-minute assembly does not fit Lambda's largest /tmp (docs/aws.md "Known limits"). */
const TOO_LARGE_FOR_LAMBDA = ['broadcast-mxf'];

describe('worker sizing from its largest job', () => {
  const MIB = 1024 * 1024;

  it.each(Object.entries(STAGES))('%s: /tmp holds the assembly of a 15-minute master of every profile but the MXF one', (_stage, settings) => {
    for (const profileId of Object.keys(DEFAULT_PROFILES) as (keyof typeof DEFAULT_PROFILES)[]) {
      // The stream profile also writes its HLS ladder (all rungs) in /tmp before storing it.
      const need = 2 * masterBytes(profileId, LONGEST_PROGRAMME_SECONDS) + ladderBytes(profileId, LONGEST_PROGRAMME_SECONDS);
      const fits = need <= settings.worker.ephemeralStorageMb * MIB;
      expect(fits, `${profileId}: needs ${(need / 1e9).toFixed(1)} GB of /tmp`).toBe(!TOO_LARGE_FOR_LAMBDA.includes(profileId));
    }
  });

  it.each(Object.entries(STAGES))('%s: the worker timeout leaves room for the assembly four times over', (_stage, settings) => {
    expect(settings.worker.timeoutSeconds).toBeGreaterThanOrEqual(4 * ASSEMBLY_SECONDS);
    expect(settings.jobVisibilitySeconds).toBeGreaterThanOrEqual(settings.worker.timeoutSeconds);
  });

  it.each(Object.entries(STAGES))(
    '%s: the stream profile, whose 15-minute assembly also makes its HLS ladder, still fits the timeout (with less room than the others)',
    (_stage, settings) => {
      const ladderWall = LADDER_WALL_SECONDS_PER_SECOND * LONGEST_PROGRAMME_SECONDS;
      // The ladder runs beside QC; counted one after the other here (its 720p thread waiting for all
      // of QC), or, if later, when the CPU-seconds of both are spent on the worker's vCPUs (1 769 MiB each).
      const vcpus = settings.worker.memoryMb / 1769;
      const cpuBound = (ASSEMBLY_SECONDS + LADDER_CPU_SECONDS_PER_SECOND * LONGEST_PROGRAMME_SECONDS) / vcpus;
      const assembly = Math.max(ASSEMBLY_SECONDS + ladderWall, cpuBound);
      expect(assembly).toBeLessThanOrEqual(settings.worker.timeoutSeconds);
      expect(settings.worker.timeoutSeconds / assembly).toBeGreaterThan(1.25);
    },
  );

  it('the MXF master is the one that does not fit: 15 minutes of XDCAM HD422 at 52 Mbit/s', () => {
    expect(2 * masterBytes('broadcast-mxf', LONGEST_PROGRAMME_SECONDS)).toBeGreaterThan(10240 * MIB);
  });
});
