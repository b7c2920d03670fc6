import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILES } from '../../../shared/domain/delivery-profiles.ts';
import { textSafeRect } from '../../../shared/media/index.ts';
import { buildLogoOverlay } from '../../../shared/media/render/build-logo-overlay.ts';

const logo = { corner: 'top-right', heightPercent: 8, opacity: 0.9 } as const;

describe('buildLogoOverlay', () => {
  it('scales the logo to its share of the height (even), keeps its alpha times the opacity, and blends in the programme chroma layout', () => {
    const [image, overlay] = buildLogoOverlay({ base: 'l0', input: '1:V:0', output: 'logo', logo, width: 1920, height: 1080, pixelFormat: 'yuv420p' });
    expect(image).toBe('[1:V:0]scale=-2:86:flags=lanczos,format=rgba,colorchannelmixer=aa=0.90[logo_img]');
    expect(overlay).toBe('[l0][logo_img]overlay=x=1824-w:y=54:eof_action=repeat:format=yuv420[logo]');
    const [, mxf] = buildLogoOverlay({ base: 'l0', input: '1:V:0', output: 'logo', logo, width: 1920, height: 1080, pixelFormat: 'yuv422p' });
    expect(mxf).toContain('format=yuv422');
  });

  it('keeps every corner inside the title-safe area (5 % from each edge)', () => {
    const place = (corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right') =>
      buildLogoOverlay({ base: 'b', input: '2:V:0', output: 'o', logo: { ...logo, corner }, width: 1920, height: 1080, pixelFormat: 'yuv420p' })[1];
    expect(place('top-left')).toContain('overlay=x=96:y=54:');
    expect(place('top-right')).toContain('overlay=x=1824-w:y=54:');
    expect(place('bottom-left')).toContain('overlay=x=96:y=1026-h:');
    expect(place('bottom-right')).toContain('overlay=x=1824-w:y=1026-h:');
  });

  it('puts the logo in the corners of a platform’s safe area on a vertical frame, sized on its width', () => {
    const area = textSafeRect({ width: 1080, height: 1920, safeArea: DEFAULT_PROFILES.vertical.platform!.safeArea });
    const [image, overlay] = buildLogoOverlay({ base: 'b', input: '2:V:0', output: 'o', logo, width: 1080, height: 1920, pixelFormat: 'yuv420p', area });
    expect(image).toContain('scale=-2:86:');
    expect(overlay).toContain('overlay=x=1015-w:y=269:');
    const bottom = buildLogoOverlay({
      base: 'b',
      input: '2:V:0',
      output: 'o',
      logo: { ...logo, corner: 'bottom-left' },
      width: 1080,
      height: 1920,
      pixelFormat: 'yuv420p',
      area,
    });
    expect(bottom[1]).toContain('overlay=x=65:y=1248-h:');
  });
});
