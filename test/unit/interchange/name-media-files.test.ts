import { describe, expect, it } from 'vitest';
import { nameMediaFiles, reelFromName, safeFileName } from '../../../shared/interchange/index.ts';
import { makeAsset } from '../domain/timeline-fixtures.ts';

describe('file and reel names of exported media', () => {
  it('makes a display name a file name: no directory, no reserved characters, no control characters, no leading dot', () => {
    expect(safeFileName({ name: '../../etc/passwd' })).toBe('passwd');
    expect(safeFileName({ name: 'C:\\Users\\me\\Phỏng vấn: Ông A?.mov' })).toBe('Phỏng vấn_ Ông A_.mov');
    expect(safeFileName({ name: '.hidden\u0007.mp4' })).toBe('hidden.mp4');
    expect(safeFileName({ name: 'Pho\u0302\u0300ng.mov' })).toBe('Phồng.mov');
    expect(safeFileName({ name: `${'a'.repeat(300)}.mov` })).toHaveLength(120);
  });

  it('folds reels to 8 ASCII characters', () => {
    expect(reelFromName({ name: 'Đại hội 01.mov' })).toBe('DAIHOI01');
    expect(reelFromName({ name: 'Ảnh.jpg' })).toBe('ANH');
    expect(reelFromName({ name: '—.mov' })).toBe('AX');
  });

  it('gives two assets with one name distinct file names and reels', () => {
    const a = { ...makeAsset({ id: 'a1', kind: 'footage' }), originalName: 'Hội trường.mov' };
    const b = { ...makeAsset({ id: 'a2', kind: 'footage' }), originalName: 'hội trường.MOV' };
    const named = nameMediaFiles({ assets: [a, b], media: 'original' });
    expect([named.get('a1')?.source.fileName, named.get('a2')?.source.fileName]).toEqual(['Hội trường.mov', 'hội trường (2).MOV']);
    expect([named.get('a1')?.source.reel, named.get('a2')?.source.reel]).toEqual(['HOITRUON', 'HOITR001']);
  });

  it('names the proxy with its own extension when proxies are chosen', () => {
    const clip = {
      ...makeAsset({ id: 'a1', kind: 'footage' }),
      originalName: 'Cảnh.MXF',
      derivatives: { proxy: { key: 'derived/a1/proxy.mp4', contentType: 'video/mp4', sizeBytes: 1, width: 960, height: 540 } },
    };
    const photo = {
      ...makeAsset({ id: 'p1', kind: 'photo' }),
      originalName: 'Ảnh.HEIC',
      derivatives: { preview: { key: 'derived/p1/preview.jpg', contentType: 'image/jpeg', sizeBytes: 1, width: 1920, height: 1080 } },
    };
    const named = nameMediaFiles({ assets: [clip, photo], media: 'proxy' });
    expect(named.get('a1')).toMatchObject({ key: 'derived/a1/proxy.mp4', source: { fileName: 'Cảnh.mp4' } });
    expect(named.get('p1')).toMatchObject({ key: 'derived/p1/preview.jpg', source: { fileName: 'Ảnh.jpg', kind: 'still' } });
  });
});
