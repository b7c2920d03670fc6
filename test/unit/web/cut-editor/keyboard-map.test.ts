import { describe, expect, it } from 'vitest';
import { actionOfKey, boundaryFrom, nextShuttleRate } from '../../../../shared/web/client/pages/cut-editor/keyboard-map.ts';

const key = (press: Parameters<typeof actionOfKey>[0]['press']) => actionOfKey({ press, fps: 25 });

describe('keyboard map', () => {
  it('maps the editing keys', () => {
    expect(key({ key: 'l' })).toEqual({ type: 'shuttle', direction: 1 });
    expect(key({ key: 'J' })).toEqual({ type: 'shuttle', direction: -1 });
    expect(key({ key: 'k' })).toEqual({ type: 'stop' });
    expect(key({ key: 'i' })).toEqual({ type: 'mark', point: 'in' });
    expect(key({ key: 'o' })).toEqual({ type: 'mark', point: 'out' });
    expect(key({ key: 'ArrowRight' })).toEqual({ type: 'step', frames: 1 });
    expect(key({ key: 'ArrowLeft', shiftKey: true })).toEqual({ type: 'step', frames: -25 });
    expect(key({ key: 'ArrowLeft', altKey: true })).toEqual({ type: 'move-shot', by: -1 });
    expect(key({ key: 'Delete' })).toEqual({ type: 'delete-shot' });
    expect(key({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' });
    expect(key({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ type: 'redo' });
    expect(key({ key: 'y', metaKey: true })).toEqual({ type: 'redo' });
    expect(key({ key: 'S' })).toEqual({ type: 'toggle-snap' });
    expect(key({ key: 's', ctrlKey: true })).toBeNull();
    expect(key({ key: 'l', ctrlKey: true })).toBeNull();
    expect(key({ key: 'q' })).toBeNull();
  });

  it('doubles the shuttle speed on each press in the same direction, up to 8×', () => {
    expect(nextShuttleRate({ rate: 0, direction: 1 })).toBe(1);
    expect(nextShuttleRate({ rate: 1, direction: 1 })).toBe(2);
    expect(nextShuttleRate({ rate: 8, direction: 1 })).toBe(8);
    expect(nextShuttleRate({ rate: 4, direction: -1 })).toBe(-1);
    expect(nextShuttleRate({ rate: -1, direction: -1 })).toBe(-2);
  });

  it('finds the previous and next shot boundary', () => {
    const starts = [0, 50, 120];
    expect(boundaryFrom({ starts, totalFrames: 200, frame: 60, direction: 1 })).toBe(120);
    expect(boundaryFrom({ starts, totalFrames: 200, frame: 120, direction: 1 })).toBe(200);
    expect(boundaryFrom({ starts, totalFrames: 200, frame: 50, direction: -1 })).toBe(0);
    expect(boundaryFrom({ starts, totalFrames: 200, frame: 0, direction: -1 })).toBe(0);
  });
});
