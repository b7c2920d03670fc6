import { describe, expect, it } from 'vitest';
import {
  FfmpegFailedError,
  MediaError,
  MediaReadError,
  MediaRejectedError,
  classifyProbeFailure,
  findDecodeProblem,
  parseProgressLine,
} from '../../../shared/media/index.ts';
import { stderrTail } from '../../../shared/media/spawn-tool.ts';

describe('classifyProbeFailure', () => {
  it('names a playlist refused by the format whitelist without repeating anything else', () => {
    const error = classifyProbeFailure({
      stderrTail: ["[hls @ 0x558bac32e280] [error] Format not on whitelist 'mov,mp3'", '[error] <input>: Invalid argument'],
    });
    expect(error).toBeInstanceOf(MediaRejectedError);
    expect(error).toMatchObject({ code: 'PLAYLIST_REJECTED', details: { format: 'hls' } });
    expect(classifyProbeFailure({ stderrTail: ["[concat @ 0x1] [error] Format not on whitelist 'mov'"] })).toMatchObject({ details: { format: 'ffconcat' } });
  });

  it('calls other refused containers NOT_MEDIA', () => {
    expect(classifyProbeFailure({ stderrTail: ["[tty @ 0x1] [error] Format not on whitelist 'mov'"] }).code).toBe('NOT_MEDIA');
    expect(classifyProbeFailure({ stderrTail: ['[error] <input>: Invalid data found when processing input'], sizeBytes: 5000 }).code).toBe('NOT_MEDIA');
  });

  it('calls a missing MP4 index TRUNCATED and an empty input EMPTY_FILE', () => {
    expect(classifyProbeFailure({ stderrTail: ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] [error] moov atom not found'] }).code).toBe('TRUNCATED');
    expect(classifyProbeFailure({ stderrTail: ['[error] <input>: Invalid data found when processing input'], sizeBytes: 0 }).code).toBe('EMPTY_FILE');
  });

  it('treats network failures as retryable read errors, not as bad media', () => {
    const error = classifyProbeFailure({
      stderrTail: ['[https @ 0x1] [error] HTTP error 503 Service Unavailable', '[error] <url>: Server returned 5XX Server Error reply'],
    });
    expect(error).toBeInstanceOf(MediaReadError);
    expect(error).toMatchObject({ code: 'MEDIA_READ_FAILED', retryable: true });
  });

  it('keeps our own faults (a path that does not exist) as the tool failure', () => {
    const cause = new FfmpegFailedError({ tool: 'ffprobe', exitCode: 1, stderrTail: ['[error] <input>: No such file or directory'] });
    expect(classifyProbeFailure({ stderrTail: cause.stderrTail, cause })).toBe(cause);
  });
});

describe('findDecodeProblem', () => {
  it('passes a clean decode of the full duration', () => {
    expect(findDecodeProblem({ errorLines: [], decodedSeconds: 29.96, expectedSeconds: 30 })).toBeNull();
  });

  it('calls decoder errors UNDECODABLE', () => {
    const problem = findDecodeProblem({
      errorLines: ['[h264 @ 0x1] [error] error while decoding MB 7 8'],
      errorCount: 141,
      decodedSeconds: 3,
      expectedSeconds: 3,
    });
    expect(problem).toMatchObject({ code: 'UNDECODABLE', details: { errorLines: 141 } });
  });

  it('calls data ending early TRUNCATED, from the demuxer or from the decoded duration', () => {
    expect(
      findDecodeProblem({
        errorLines: ['[mov,mp4,m4a,3gp,3g2,mj2 @ 0x1] [error] stream 1, offset 0x202f7: partial file'],
        decodedSeconds: 1.5,
        expectedSeconds: 3,
      })?.code,
    ).toBe('TRUNCATED');
    expect(findDecodeProblem({ errorLines: [], decodedSeconds: 40, expectedSeconds: 60 })?.code).toBe('TRUNCATED');
  });

  it('tolerates the small gaps between container and stream durations', () => {
    expect(findDecodeProblem({ errorLines: [], decodedSeconds: 2.6, expectedSeconds: 3 })).toBeNull();
    expect(findDecodeProblem({ errorLines: [], decodedSeconds: 590, expectedSeconds: 600 })).toBeNull();
  });
});

describe('parseProgressLine', () => {
  it('reads out_time_us in seconds and ignores everything else', () => {
    expect(parseProgressLine({ line: 'out_time_us=2040000' })).toBe(2.04);
    expect(parseProgressLine({ line: 'out_time_us=N/A' })).toBeNull();
    expect(parseProgressLine({ line: 'out_time_ms=2040000' })).toBeNull();
    expect(parseProgressLine({ line: 'progress=continue' })).toBeNull();
    expect(parseProgressLine({ line: 'out_time_us=-9223372036854775807' })).toBeNull();
  });
});

describe('stderrTail', () => {
  it('keeps the last error lines, scrubbed, and drops encoder chatter', () => {
    const stderr = [
      "[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/data/originals/abc':",
      '[h264 @ 0x1] [error] error while decoding MB 7 8',
      '[libx264 @ 0x2] [info] kb/s:1181.26',
      '[error] Error while decoding stream #0:0: Invalid data found when processing input',
    ].join('\n');
    expect(stderrTail({ stderr, scrub: (line) => line.replace('/data/originals/abc', '<input>') })).toEqual([
      '[h264 @ 0x1] [error] error while decoding MB 7 8',
      '[error] Error while decoding stream #0:0: Invalid data found when processing input',
    ]);
  });

  it('falls back to warnings, then to the last lines', () => {
    expect(stderrTail({ stderr: '[info] a\n[warning] b\n[info] c\n' })).toEqual(['[warning] b']);
    expect(stderrTail({ stderr: 'prlimit: failed\nsomething else\n', maxLines: 1 })).toEqual(['something else']);
  });
});

describe('media errors', () => {
  it('are MediaErrors with English and Vietnamese messages', () => {
    const errors = [
      MediaError.emptyFile(),
      MediaError.playlist({ format: 'xspf' }),
      new MediaRejectedError({ code: 'UNSUPPORTED_CODEC', details: { streamType: 'audio', codec: 'adpcm_ms' } }),
      new MediaRejectedError({ code: 'TOO_SHORT', details: { durationSeconds: 0.3, minDurationSeconds: 1 } }),
      new MediaRejectedError({ code: 'KIND_MISMATCH', details: { requestedKind: 'interview', found: 'audio', suggestedKind: 'voiceover' } }),
      new MediaRejectedError({ code: 'NO_MEDIA_STREAMS', details: {} }),
      new MediaRejectedError({ code: 'UNDECODABLE', details: {} }),
      new MediaRejectedError({ code: 'NOT_MEDIA', details: {} }),
      new MediaRejectedError({ code: 'TRUNCATED', details: {} }),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(MediaError);
      expect(error.retryable).toBe(false);
      expect(error.kind).toBe('invalid');
      expect(error.message).not.toEqual(error.messageVi);
      expect(error.messageVi.length).toBeGreaterThan(20);
    }
    expect(errors[1]!.message).toContain('XSPF');
    expect(errors[3]!.message).toContain('0.3 s');
    expect(errors[3]!.messageVi).toContain('0,3 giây');
  });
});
