import { describe, expect, it } from 'vitest';
import { parsePictureLog, toPictureAnalysis } from '../../../shared/media/index.ts';
import { readFixture } from './read-fixture.ts';

describe('parsePictureLog (captured ffmpeg 5.1 output)', () => {
  it('reads a 3 s black run as frames 50–124 and counts every frame', () => {
    const reading = parsePictureLog({ text: readFixture('picture-black.log'), fps: 25 });
    expect(reading.frames).toBe(200);
    expect(reading.black).toEqual([{ start: 50, end: 125 }]);
    // Black is also a freeze: the report subtracts one from the other.
    expect(reading.freeze).toEqual([{ start: 50, end: 125 }]);
    expect(reading.luma).toHaveLength(200);
    expect(reading.luma[60]).toBeCloseTo(16 / 255, 4);
    expect(reading.luma[10]).toBeGreaterThan(0.4);
  });

  it('joins the pieces an encoder refining a still breaks a freeze into', () => {
    const text = readFixture('picture-frozen.log');
    const reading = parsePictureLog({ text, fps: 25 });
    expect(reading.freeze.length).toBeGreaterThan(1);
    const analysis = toPictureAnalysis({ reading, fps: 25 });
    expect(analysis.freeze).toHaveLength(1);
    expect(analysis.freeze[0]!.start).toBe(50);
    expect(analysis.freeze[0]!.end).toBeGreaterThanOrEqual(124);
    expect(analysis.black).toEqual([]);
  });

  it('finds the 5 Hz strobe as about 5 flashes a second, flagged as a risk', () => {
    const analysis = toPictureAnalysis({ reading: parsePictureLog({ text: readFixture('picture-strobe.log'), fps: 25 }), fps: 25 });
    expect(analysis.frames).toBe(100);
    expect(analysis.flashes.length).toBeGreaterThanOrEqual(19);
    expect(analysis.flashRisk).toHaveLength(1);
    expect(analysis.flashRisk[0]!.maxFlashesPerSecond).toBe(5);
  });

  it('closes a run still open at the end of the stream at the last frame (freezedetect never closes it)', () => {
    const text = [
      '[Parsed_metadata_2 @ 0x55d1] [info] frame:0    pts:0       pts_time:0',
      '[Parsed_metadata_2 @ 0x55d1] [info] lavfi.black_start=0',
      '[Parsed_metadata_6 @ 0x55d2] [info] frame:0    pts:0       pts_time:0',
      '[Parsed_metadata_6 @ 0x55d2] [info] lavfi.signalstats.YAVG=16',
      '[Parsed_metadata_6 @ 0x55d2] [info] frame:1    pts:512     pts_time:0.04',
      '[Parsed_metadata_6 @ 0x55d2] [info] lavfi.signalstats.YAVG=16',
      '[freezedetect @ 0x55d3] [info] lavfi.freezedetect.freeze_start: 0',
      '[Parsed_metadata_2 @ 0x55d1] [info] frame:2    pts:1024    pts_time:0.08',
      '[Parsed_metadata_2 @ 0x55d1] [info] lavfi.freezedetect.freeze_start=0',
      '[Parsed_metadata_6 @ 0x55d2] [info] frame:2    pts:1024    pts_time:0.08',
      '[Parsed_metadata_6 @ 0x55d2] [info] lavfi.signalstats.YAVG=16',
      '[blackdetect @ 0x55d4] [info] black_start:0 black_end:0.08 black_duration:0.08',
    ].join('\n');
    const reading = parsePictureLog({ text, fps: 25 });
    expect(reading).toMatchObject({ frames: 3, black: [{ start: 0, end: 3 }], freeze: [{ start: 0, end: 3 }] });
  });

  it('reads frame timestamps relative to the first frame (a stream that does not start at 0)', () => {
    const text = [
      '[Parsed_metadata_6 @ 0x1] [info] frame:0    pts:5120    pts_time:10',
      '[Parsed_metadata_6 @ 0x1] [info] lavfi.signalstats.YAVG=120',
      '[Parsed_metadata_6 @ 0x1] [info] frame:1    pts:5632    pts_time:10.04',
      '[Parsed_metadata_6 @ 0x1] [info] lavfi.signalstats.YAVG=120',
      '[Parsed_metadata_2 @ 0x2] [info] frame:2    pts:6144    pts_time:10.08',
      '[Parsed_metadata_2 @ 0x2] [info] lavfi.freezedetect.freeze_start=10',
      '[Parsed_metadata_6 @ 0x1] [info] frame:2    pts:6144    pts_time:10.08',
      '[Parsed_metadata_6 @ 0x1] [info] lavfi.signalstats.YAVG=120',
      '[Parsed_metadata_2 @ 0x2] [info] frame:3    pts:6656    pts_time:10.12',
      '[Parsed_metadata_2 @ 0x2] [info] lavfi.freezedetect.freeze_duration=0.12',
      '[Parsed_metadata_2 @ 0x2] [info] lavfi.freezedetect.freeze_end=10.12',
    ].join('\n');
    expect(parsePictureLog({ text, fps: 25 }).freeze).toEqual([{ start: 0, end: 3 }]);
  });

  it('still reads a metadata line glued to a stats line (no newline after `\\r`)', () => {
    const text =
      '[info] frame=    1 fps=0.0 q=-0.0 size=N/A time=00:00:00.04 bitrate=N/A speed=5.06x    [Parsed_metadata_6 @ 0x5600] [info] frame:0    pts:0       pts_time:0\n' +
      '[Parsed_metadata_6 @ 0x5600] [info] lavfi.signalstats.YAVG=235\n';
    expect(parsePictureLog({ text, fps: 25 })).toMatchObject({ frames: 1, luma: [0.9216] });
  });

  it("ignores blackdetect's and freezedetect's own log lines (only the per-frame metadata counts)", () => {
    const text = [
      '[blackdetect @ 0x5600c53e2940] [info] black_start:2 black_end:5 black_duration:3',
      '[freezedetect @ 0x5600c53f5e00] [info] lavfi.freezedetect.freeze_start: 2',
      '[freezedetect @ 0x5600c53f5e00] [info] lavfi.freezedetect.freeze_end: 5',
    ].join('\n');
    expect(parsePictureLog({ text, fps: 25 })).toEqual({ frames: 0, black: [], freeze: [], luma: [] });
  });
});
