import { describe, expect, it } from 'vitest';
import { sniffMedia } from '../../../shared/media/index.ts';

const text = (value: string) => Buffer.from(value, 'utf8');
const utf16le = (value: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(value, 'utf16le')]);
const utf16be = (value: string) => {
  const le = Buffer.from(value, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
};

describe('sniffMedia', () => {
  it.each([
    ['HLS', '#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:10.0,\n/etc/hostname\n', 'hls'],
    ['extended M3U', '#EXTM3U\n#EXTINF:123,Artist - Title\nfile:///etc/passwd\n', 'm3u'],
    ['M3U without its header', '#EXTINF:10,\nhttp://example.test/a.ts\n', 'm3u'],
    ['HLS fragment without header', '#EXT-X-TARGETDURATION:10\nsegment.ts\n', 'hls'],
    ['PLS', '[playlist]\nFile1=/etc/hostname\nNumberOfEntries=1\n', 'pls'],
    ['ffconcat', "ffconcat version 1.0\nfile '/etc/hostname'\n", 'ffconcat'],
    ['XSPF', '<?xml version="1.0" encoding="UTF-8"?>\n<playlist version="1" xmlns="http://xspf.org/ns/0/"><trackList/></playlist>', 'xspf'],
    ['ASX', '<asx version="3.0"><entry><ref href="file:///etc/hostname"/></entry></asx>', 'asx'],
    ['SMIL', '<?xml version="1.0"?>\n<!-- made by hand -->\n<smil><body><video src="/etc/hostname"/></body></smil>', 'smil'],
    ['WPL (SMIL inside)', '<?wpl version="1.0"?><smil><body><seq><media src="a.wmv"/></seq></body></smil>', 'smil'],
    ['DASH', '<?xml version="1.0"?><MPD xmlns="urn:mpeg:dash:schema:mpd:2011"></MPD>', 'dash'],
    ['SDP', 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nm=video 5004 RTP/AVP 96\r\n', 'sdp'],
  ])('detects %s as a playlist', (_name, body, format) => {
    expect(sniffMedia({ head: text(body) })).toEqual({ kind: 'playlist', format });
  });

  it('sees through a UTF-8 byte-order mark and leading blank lines', () => {
    expect(sniffMedia({ head: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text('\n\n#EXTM3U\n#EXTINF:1,\nx\n')]) })).toEqual({
      kind: 'playlist',
      format: 'm3u',
    });
  });

  it('reads UTF-16 playlists (both byte orders)', () => {
    expect(sniffMedia({ head: utf16le('#EXTM3U\r\n#EXT-X-VERSION:3\r\n') })).toEqual({ kind: 'playlist', format: 'hls' });
    expect(sniffMedia({ head: utf16be('[playlist]\r\nFile1=a\r\n') })).toEqual({ kind: 'playlist', format: 'pls' });
  });

  it('detects SRT and WebVTT subtitles, with or without a BOM, in UTF-8 or UTF-16', () => {
    const srt = '1\r\n00:00:01,000 --> 00:00:03,500\r\nXin chào các đại biểu\r\n\r\n2\r\n00:00:04,000 --> 00:00:06,000\r\nĐại hội lần thứ nhất\r\n';
    expect(sniffMedia({ head: text(srt) })).toEqual({ kind: 'subtitle', format: 'srt' });
    expect(sniffMedia({ head: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text(srt)]) })).toEqual({ kind: 'subtitle', format: 'srt' });
    expect(sniffMedia({ head: utf16le(srt) })).toEqual({ kind: 'subtitle', format: 'srt' });
    expect(sniffMedia({ head: text('WEBVTT\n\n00:01.000 --> 00:03.000\nXin chào\n') })).toEqual({ kind: 'subtitle', format: 'webvtt' });
    expect(sniffMedia({ head: utf16be('WEBVTT - Phụ đề\n\n') })).toEqual({ kind: 'subtitle', format: 'webvtt' });
  });

  it('leaves plain text, media and noise to ffprobe', () => {
    expect(sniffMedia({ head: text('Danh sách khách mời\nNguyễn Văn A\n') })).toEqual({ kind: 'binary-or-unknown' });
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x20]), text('ftypisom'), Buffer.alloc(64)]);
    expect(sniffMedia({ head: mp4 })).toEqual({ kind: 'binary-or-unknown' });
    expect(sniffMedia({ head: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) })).toEqual({ kind: 'binary-or-unknown' });
    expect(sniffMedia({ head: new Uint8Array(0) })).toEqual({ kind: 'binary-or-unknown' });
  });

  it('does not take a binary file that happens to contain playlist words for a playlist', () => {
    const binary = Buffer.concat([Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), text('\n#EXTM3U\n#EXTINF:1,\n/etc/hostname\n')]);
    expect(sniffMedia({ head: binary })).toEqual({ kind: 'binary-or-unknown' });
  });
});
