/**
 * Timelines as Premiere Pro and DaVinci Resolve write them (written here, by the tests), read into
 * cuts: sources matched by file name or by reel and source timecode, dissolves kept, everything
 * the cut cannot hold listed with its event number.
 */
import { describe, expect, it } from 'vitest';
import { computeShotTimings, validateCut } from '../../../shared/domain/index.ts';
import { InterchangeError, detectTimelineFormat, readEdl, readOtio, readTimelineFile, readXmeml, timelineToCut } from '../../../shared/interchange/index.ts';
import { assets, assetsById } from './interchange-fixtures.ts';

const base = { schemaVersion: 1, projectId: 'dai-hoi-2026', id: 'phong-su', title: 'Phóng sự' };
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** Premiere Pro: reel AX, clip names in comments, sound as A/A2 or AA lines, dissolves as two-line events. */
const PREMIERE_EDL = crlf([
  'TITLE: Phong su Dai hoi',
  'FCM: NON-DROP FRAME',
  '',
  '001  AX       V     C        00:00:10:00 00:00:15:00 01:00:00:00 01:00:05:00',
  '* FROM CLIP NAME: Hội trường toàn cảnh.mov',
  '002  AX       A     C        00:00:10:00 00:00:15:00 01:00:00:00 01:00:05:00',
  '* FROM CLIP NAME: Hội trường toàn cảnh.mov',
  '003  AX       A2    C        00:00:10:00 00:00:15:00 01:00:00:00 01:00:05:00',
  '* FROM CLIP NAME: Hội trường toàn cảnh.mov',
  '004  AX       V     C        00:00:20:00 00:00:26:00 01:00:05:00 01:00:11:00',
  '* FROM CLIP NAME: Phỏng vấn chủ tịch.mp4',
  '005  AX       V     C        00:00:26:00 00:00:26:00 01:00:11:00 01:00:11:00',
  '005  AX       V     D    012 00:00:00:00 00:00:04:00 01:00:11:00 01:00:15:00',
  '* FROM CLIP NAME: Phỏng vấn chủ tịch.mp4',
  '* TO CLIP NAME: Ảnh lưu niệm 1975.jpg',
  '006  AX       V     C        00:00:02:00 00:00:04:00 01:00:15:00 01:00:19:00',
  'M2   AX       050.0                00:00:02:00',
  '* FROM CLIP NAME: Phòng thí nghiệm.MOV',
  '007  AX       V     C        00:00:00:00 00:00:03:00 01:00:19:00 01:00:22:00',
  '* FROM CLIP NAME: B-roll khác.mov',
  '008  AX       AA    C        00:00:01:00 00:00:11:00 01:00:02:00 01:00:12:00',
  '* FROM CLIP NAME: Lời bình đoạn 1.wav',
  '009  AX       AA    C        00:00:00:00 00:00:22:00 01:00:00:00 01:00:22:00',
  '* FROM CLIP NAME: Nhạc nền hùng tráng.mp3',
]);

/** DaVinci Resolve: reels cut from the clip name (no FROM CLIP NAME on some events), dissolves with duration fields. */
const RESOLVE_EDL = crlf([
  'TITLE: Timeline 1',
  'FCM: NON-DROP FRAME',
  '',
  '001  PHONGVAN V     C        00:00:20:00 00:00:25:00 01:00:00:00 01:00:05:00  ',
  '002  PHONGVAN V     C        00:00:25:00 00:00:25:00 01:00:05:00 01:00:05:00  ',
  '002  PHONGTHI V     D    025 00:00:02:00 00:00:07:00 01:00:05:00 01:00:10:00  ',
  '003  PHONGTHI V     C        00:05:00:00 00:05:02:00 01:00:10:00 01:00:12:00  ',
]);

describe('EDLs from editing software', () => {
  it('reads a Premiere Pro EDL: names, audio-only events, a dissolve, a speed change and a missing clip listed', () => {
    const read = readEdl({ text: PREMIERE_EDL });
    expect(read.timeline.startFrames).toBe(90_000);
    const { cut, unmatched } = timelineToCut({ read, assets, base });
    expect(unmatched.map(({ event, code }) => ({ event, code }))).toEqual([
      { event: 6, code: 'SPEED_CHANGE' },
      { event: 7, code: 'NO_MATCHING_ASSET' },
    ]);
    const parsed = validateCut({ cut, assets: assetsById });
    expect(parsed.shots.map((shot) => [shot.type, shot.type === 'title' ? shot.text : shot.assetId, shot.transitionIn])).toEqual([
      ['clip', 'a-hall', { type: 'cut' }],
      ['clip', 'a-speech', { type: 'cut' }],
      ['photo', 'a-photo', { type: 'dissolve', frames: 12 }],
      ['clip', 'a-lab', { type: 'cut' }],
      ['title', 'Thiếu tư liệu: B-roll khác.mov', { type: 'cut' }],
    ]);
    const [hall, speech, , lab] = parsed.shots;
    expect(hall).toMatchObject({ in: '00:00:10:00', out: '00:00:15:00', audio: { muted: false } });
    // The interview's picture runs on under the 12-frame dissolve; it has no sound event: muted.
    expect(speech).toMatchObject({ in: '00:00:20:00', out: '00:00:26:12', audio: { muted: true } });
    expect(lab).toMatchObject({ in: '00:00:02:00', out: '00:00:06:00' });
    expect(computeShotTimings({ cut: parsed }).durationFrames).toBe(22 * 25);
    expect(parsed.narration).toEqual([expect.objectContaining({ assetId: 'a-voice', at: '00:00:02:00', in: '00:00:01:00', out: '00:00:11:00' })]);
    expect(parsed.music).toEqual([expect.objectContaining({ assetId: 'a-music', from: '00:00:00:00', to: '00:00:22:00' })]);
  });

  it('reads a Resolve EDL by reel and source timecode, and lists a source timecode past the end of its file', () => {
    const { cut, unmatched } = timelineToCut({ read: readEdl({ text: RESOLVE_EDL }), assets, base });
    expect(unmatched).toEqual([expect.objectContaining({ event: 3, code: 'SOURCE_OUT_OF_RANGE' })]);
    expect((cut.shots as { assetId?: string; transitionIn?: unknown }[]).slice(0, 2).map((s) => [s.assetId, s.transitionIn])).toEqual([
      ['a-speech', { type: 'cut' }],
      ['a-lab', { type: 'dissolve', frames: 25 }],
    ]);
  });

  it('reads picture and sound lines of one event named once', () => {
    const text = crlf([
      'TITLE: Sequence 02',
      'FCM: NON-DROP FRAME',
      '',
      '001  AX       V     C        00:00:10:00 00:00:15:00 00:00:00:00 00:00:05:00',
      '001  AX       A     C        00:00:10:00 00:00:15:00 00:00:00:00 00:00:05:00',
      '001  AX       A2    C        00:00:10:00 00:00:15:00 00:00:00:00 00:00:05:00',
      '* FROM CLIP NAME: Hội trường toàn cảnh.mov',
    ]);
    const { cut, unmatched } = timelineToCut({ read: readEdl({ text }), assets, base });
    expect(unmatched).toEqual([]);
    expect(cut.shots).toEqual([expect.objectContaining({ assetId: 'a-hall', in: '00:00:10:00', out: '00:00:15:00', audio: { gainDb: 0, muted: false } })]);
  });

  it('refuses drop-frame timecode: it does not exist at 25 fps', () => {
    const text = PREMIERE_EDL.replace('FCM: NON-DROP FRAME', 'FCM: DROP FRAME');
    expect(() => readEdl({ text })).toThrow(expect.objectContaining({ code: 'TIMELINE_FRAME_RATE' }));
    expect(() => readEdl({ text: PREMIERE_EDL.replace('00:00:10:00 00:00:15:00 01:00:00:00', '00:00:10;00 00:00:15:00 01:00:00:00') })).toThrow(
      InterchangeError,
    );
  });
});

/** Premiere Pro's xmeml: a second video track, a clip ending at -1 beside a centred dissolve, a speed change, narration. */
const PREMIERE_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xmeml>
<xmeml version="4">
  <sequence id="sequence-1">
    <name>Phóng sự</name>
    <duration>400</duration>
    <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>
    <timecode><rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate><string>00:00:00:00</string><frame>0</frame><displayformat>NDF</displayformat></timecode>
    <media>
      <video>
        <track>
          <clipitem id="clipitem-1">
            <name>Hội trường toàn cảnh.mov</name><enabled>TRUE</enabled><duration>3000</duration>
            <rate><timebase>25</timebase><ntsc>FALSE</ntsc></rate>
            <start>0</start><end>-1</end><in>250</in><out>350</out>
            <file id="file-1"><name>Hội trường toàn cảnh.mov</name><pathurl>file://localhost/Volumes/Media/H%E1%BB%99i%20tr%C6%B0%E1%BB%9Dng%20to%C3%A0n%20c%E1%BA%A3nh.mov</pathurl>
              <timecode><string>00:00:00:00</string><reel><name>A001</name></reel></timecode></file>
            <filter><effect><name>Basic Motion</name><effectid>basic</effectid></effect></filter>
          </clipitem>
          <transitionitem>
            <start>90</start><end>110</end><alignment>center</alignment>
            <effect><name>Cross Dissolve</name><effectid>Cross Dissolve</effectid><effecttype>transition</effecttype></effect>
          </transitionitem>
          <clipitem id="clipitem-2">
            <name>Phỏng vấn chủ tịch.mp4</name><enabled>TRUE</enabled><duration>2250</duration>
            <start>-1</start><end>300</end><in>500</in><out>700</out>
            <file id="file-2"><name>Phỏng vấn chủ tịch.mp4</name><pathurl>file://localhost/Volumes/Media/Ph%E1%BB%8Fng%20v%E1%BA%A5n.mp4</pathurl></file>
          </clipitem>
          <clipitem id="clipitem-3">
            <name>Phòng thí nghiệm.MOV</name><enabled>TRUE</enabled><duration>1500</duration>
            <start>300</start><end>400</end><in>50</in><out>150</out>
            <file id="file-3"><name>Phòng thí nghiệm.MOV</name></file>
            <filter><effect><name>Time Remap</name><effectid>timeremap</effectid>
              <parameter><parameterid>speed</parameterid><name>speed</name><value>200</value></parameter></effect></filter>
          </clipitem>
        </track>
        <track>
          <clipitem id="clipitem-4">
            <name>Hội trường toàn cảnh.mov</name><enabled>TRUE</enabled>
            <start>50</start><end>75</end><in>0</in><out>25</out>
            <file id="file-1"/>
          </clipitem>
        </track>
      </video>
      <audio>
        <track>
          <clipitem id="clipitem-5">
            <name>Hội trường toàn cảnh.mov</name><enabled>TRUE</enabled>
            <start>0</start><end>100</end><in>250</in><out>350</out>
            <file id="file-1"/>
            <sourcetrack><mediatype>audio</mediatype><trackindex>1</trackindex></sourcetrack>
          </clipitem>
        </track>
        <track>
          <clipitem id="clipitem-6">
            <name>Lời bình đoạn 1.wav</name><enabled>TRUE</enabled>
            <start>100</start><end>200</end><in>25</in><out>125</out>
            <file id="file-6"><name>Lời bình đoạn 1.wav</name></file>
          </clipitem>
        </track>
      </audio>
    </media>
  </sequence>
</xmeml>
`;

describe('FCP 7 XML from editing software', () => {
  it('reads Premiere Pro xmeml: -1 ends beside a dissolve, file references by id, an extra video track and a speed change listed', () => {
    const read = readXmeml({ text: PREMIERE_XML });
    const { cut, unmatched } = timelineToCut({ read, assets, base });
    expect(unmatched.map(({ event, code }) => ({ event, code }))).toEqual([
      { event: 3, code: 'SPEED_CHANGE' },
      { event: 4, code: 'EXTRA_VIDEO_TRACK' },
    ]);
    const parsed = validateCut({ cut, assets: assetsById });
    expect(parsed.shots.map((shot) => (shot.type === 'title' ? shot.text : shot.assetId))).toEqual(['a-hall', 'a-speech', 'a-lab']);
    // The centred 20-frame dissolve sits on the edit at frame 100: 10 frames before it, 10 after.
    expect(parsed.shots[0]).toMatchObject({ in: '00:00:10:00', out: '00:00:14:10', audio: { muted: false } });
    expect(parsed.shots[1]).toMatchObject({ in: '00:00:19:15', out: '00:00:28:00', transitionIn: { type: 'dissolve', frames: 20 }, audio: { muted: true } });
    expect(computeShotTimings({ cut: parsed }).durationFrames).toBe(400);
    expect(parsed.narration).toEqual([expect.objectContaining({ assetId: 'a-voice', at: '00:00:04:00', in: '00:00:01:00', out: '00:00:05:00' })]);
  });

  it("reads a fade to black (end-black) as the shot's fade out, and lists a transition that leads nowhere", () => {
    const fade =
      '<transitionitem><start>375</start><end>400</end><alignment>end-black</alignment><effect><name>Cross Dissolve</name></effect></transitionitem>';
    const withFade = PREMIERE_XML.replace('</clipitem>\n        </track>\n        <track>', `</clipitem>\n${fade}\n        </track>\n        <track>`);
    const faded = validateCut({ cut: timelineToCut({ read: readXmeml({ text: withFade }), assets, base }).cut, assets: assetsById });
    expect(faded.shots.at(-1)).toMatchObject({ assetId: 'a-lab', fadeOutFrames: 25 });
    const dangling = withFade.replace('<alignment>end-black</alignment>', '<alignment>end</alignment>');
    expect(timelineToCut({ read: readXmeml({ text: dangling }), assets, base }).unmatched).toContainEqual(
      expect.objectContaining({ event: 3, code: 'TRANSITION_WITHOUT_CLIP' }),
    );
  });

  it('refuses entity declarations and a 29.97 fps sequence, naming the reason', () => {
    expect(() => readXmeml({ text: PREMIERE_XML.replace('<!DOCTYPE xmeml>', '<!DOCTYPE xmeml [<!ENTITY a "aaaa">]>') })).toThrow(
      expect.objectContaining({ code: 'TIMELINE_MALFORMED' }),
    );
    expect(() =>
      readXmeml({
        text: PREMIERE_XML.replace('<ntsc>FALSE</ntsc></rate>\n    <timecode>', '<ntsc>TRUE</ntsc></rate>\n    <timecode>').replace(
          '<timebase>25</timebase><ntsc>TRUE',
          '<timebase>30</timebase><ntsc>TRUE',
        ),
      }),
    ).toThrow(expect.objectContaining({ code: 'TIMELINE_FRAME_RATE' }));
  });
});

const rt = (value: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate: 25.0, value });
const tr = (start: number, duration: number) => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start), duration: rt(duration) });
const otioClip = ({ name, url, start, duration, effects = [] }: { name: string; url: string; start: number; duration: number; effects?: unknown[] }) => ({
  OTIO_SCHEMA: 'Clip.2',
  metadata: { Resolve_OTIO: { 'Link Group ID': 1 } },
  name,
  source_range: tr(start, duration),
  effects,
  markers: [],
  enabled: true,
  media_references: {
    DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', metadata: {}, name, available_range: tr(0, 3000), available_image_bounds: null, target_url: url },
  },
  active_media_reference_key: 'DEFAULT_MEDIA',
});

/** DaVinci Resolve's OTIO: file URLs, a timeline starting at 01:00:00:00, a centred dissolve, a speed change, V2. */
const RESOLVE_OTIO = JSON.stringify({
  OTIO_SCHEMA: 'Timeline.1',
  metadata: { Resolve_OTIO: {} },
  name: 'Timeline 1',
  global_start_time: rt(90_000),
  tracks: {
    OTIO_SCHEMA: 'Stack.1',
    metadata: {},
    name: '',
    source_range: null,
    effects: [],
    markers: [],
    enabled: true,
    children: [
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Video',
        name: 'Video 1',
        children: [
          otioClip({
            name: 'Hội trường toàn cảnh.mov',
            url: 'file:///Volumes/Media/H%E1%BB%99i%20tr%C6%B0%E1%BB%9Dng%20to%C3%A0n%20c%E1%BA%A3nh.mov',
            start: 250,
            duration: 100,
          }),
          { OTIO_SCHEMA: 'Transition.1', metadata: {}, name: 'Cross Dissolve', transition_type: 'SMPTE_Dissolve', in_offset: rt(5), out_offset: rt(5) },
          otioClip({ name: 'Phỏng vấn chủ tịch.mp4', url: 'file:///Volumes/Media/Phỏng vấn chủ tịch.mp4', start: 500, duration: 100 }),
          otioClip({
            name: 'Phòng thí nghiệm.MOV',
            url: 'file:///Volumes/Media/Phòng thí nghiệm.MOV',
            start: 50,
            duration: 50,
            effects: [{ OTIO_SCHEMA: 'LinearTimeWarp.1', metadata: {}, name: '', effect_name: 'Retime', time_scalar: 0.5 }],
          }),
        ],
      },
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Video',
        name: 'Video 2',
        children: [
          { OTIO_SCHEMA: 'Gap.1', source_range: tr(0, 20) },
          otioClip({ name: 'Logo.png', url: 'file:///Volumes/Media/Logo.png', start: 0, duration: 25 }),
        ],
      },
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Audio',
        name: 'Audio 1',
        children: [
          otioClip({
            name: 'Hội trường toàn cảnh.mov',
            url: 'file:///Volumes/Media/H%E1%BB%99i%20tr%C6%B0%E1%BB%9Dng%20to%C3%A0n%20c%E1%BA%A3nh.mov',
            start: 250,
            duration: 100,
          }),
        ],
      },
    ],
  },
});

describe('OTIO from editing software', () => {
  it('reads Resolve OTIO: file URLs, a centred dissolve, a speed change and a second video track listed', () => {
    const read = readOtio({ text: RESOLVE_OTIO });
    expect(read.timeline.startFrames).toBe(90_000);
    const { cut, unmatched } = timelineToCut({ read, assets, base });
    expect(unmatched.map(({ event, code }) => ({ event, code }))).toEqual([
      { event: 3, code: 'SPEED_CHANGE' },
      { event: 4, code: 'EXTRA_VIDEO_TRACK' },
    ]);
    const parsed = validateCut({ cut, assets: assetsById });
    expect(parsed.shots.map((shot) => (shot.type === 'clip' ? [shot.assetId, shot.in, shot.out, shot.transitionIn, shot.audio.muted] : null))).toEqual([
      ['a-hall', '00:00:10:00', '00:00:14:05', { type: 'cut' }, false],
      ['a-speech', '00:00:19:20', '00:00:24:00', { type: 'dissolve', frames: 10 }, true],
      ['a-lab', '00:00:02:00', '00:00:04:00', { type: 'cut' }, true],
    ]);
    expect(computeShotTimings({ cut: parsed }).durationFrames).toBe(250);
  });
});

describe('any timeline file', () => {
  it('tells the formats apart by content and refuses anything else with a stable code', () => {
    expect(detectTimelineFormat({ text: PREMIERE_EDL })).toBe('edl');
    expect(detectTimelineFormat({ text: PREMIERE_XML })).toBe('fcpxml');
    expect(detectTimelineFormat({ text: '{"OTIO_SCHEMA":"Timeline.1"}' })).toBe('otio');
    expect(() => readTimelineFile({ bytes: new TextEncoder().encode('hello'), fileName: 'notes.txt' })).toThrow(
      expect.objectContaining({ code: 'TIMELINE_FORMAT_UNKNOWN' }),
    );
    expect(() => readTimelineFile({ bytes: new Uint8Array(21 * 1024 * 1024), fileName: 'big.edl' })).toThrow(
      expect.objectContaining({ code: 'TIMELINE_FILE_TOO_LARGE' }),
    );
  });

  it('refuses hostile nesting and more events than a programme has, with stable codes', () => {
    const deep = `<?xml version="1.0"?><xmeml version="5"><sequence>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</sequence></xmeml>`;
    expect(() => readTimelineFile({ bytes: new TextEncoder().encode(deep), fileName: 'deep.xml' })).toThrow(
      expect.objectContaining({ code: 'TIMELINE_MALFORMED' }),
    );
    const events = Array.from(
      { length: 150_000 },
      (_, i) => `${String(i + 1).padStart(6, '0')}  AX       AA    C        00:00:00:00 00:00:00:01 00:00:00:00 00:00:00:01`,
    );
    expect(() =>
      readTimelineFile({ bytes: new TextEncoder().encode(['TITLE: long', 'FCM: NON-DROP FRAME', '', ...events].join('\n')), fileName: 'long.edl' }),
    ).toThrow(expect.objectContaining({ code: 'TIMELINE_TOO_MANY_EVENTS' }));
    const read = readTimelineFile({
      bytes: new TextEncoder().encode(['TITLE: long', 'FCM: NON-DROP FRAME', '', ...events.slice(0, 10_000)].join('\n')),
      fileName: 'long.edl',
    });
    expect(read.timeline.sound.length).toBe(1);
  });

  it('refuses malformed OTIO naming the JSON path that failed', () => {
    const text = JSON.stringify({
      OTIO_SCHEMA: 'Timeline.1',
      tracks: {
        children: [{ OTIO_SCHEMA: 'Track.1', kind: 'Video', children: [{ OTIO_SCHEMA: 'Clip.2', source_range: { start_time: { value: 'x', rate: 25 } } }] }],
      },
    });
    expect(() => readTimelineFile({ bytes: new TextEncoder().encode(text), fileName: 'a.otio' })).toThrow(
      expect.objectContaining({
        code: 'TIMELINE_MALFORMED',
        details: expect.objectContaining({ where: 'tracks.children[0].children[0].source_range.start_time.value' }),
      }),
    );
  });
});
