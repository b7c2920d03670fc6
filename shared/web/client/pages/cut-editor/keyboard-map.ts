/**
 * The editor's keys, as a pure map from a key press to an action (the page runs the action):
 * J/K/L shuttle (again: faster), Space play/pause, I/O cut the shot under the playhead to start or
 * end there, ←/→ one frame (Shift: one second), ↑/↓ the previous/next shot boundary, Alt+←/→ move the
 * selected shot one place, Delete/Backspace remove it (the shots after it close the gap),
 * Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, + and − zoom.
 */
export type EditorAction =
  | { type: 'shuttle'; direction: 1 | -1 }
  | { type: 'stop' }
  | { type: 'toggle-play' }
  | { type: 'mark'; point: 'in' | 'out' }
  | { type: 'step'; frames: number }
  | { type: 'boundary'; direction: 1 | -1 }
  | { type: 'move-shot'; by: 1 | -1 }
  | { type: 'delete-shot' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'zoom'; direction: 1 | -1 }
  | { type: 'toggle-snap' };

/** The parts of a KeyboardEvent the map reads. */
export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The action of a key press, or null for a key the editor leaves alone. */
export function actionOfKey({ press, fps }: { press: KeyPress; fps: number }): EditorAction | null {
  const command = Boolean(press.ctrlKey || press.metaKey);
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (command) {
    if (key === 'z') return press.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (key === 'y') return { type: 'redo' };
    return null;
  }
  switch (key) {
    case 'j':
      return { type: 'shuttle', direction: -1 };
    case 'k':
      return { type: 'stop' };
    case 'l':
      return { type: 'shuttle', direction: 1 };
    case ' ':
      return { type: 'toggle-play' };
    case 'i':
      return { type: 'mark', point: 'in' };
    case 'o':
      return { type: 'mark', point: 'out' };
    case 'ArrowLeft':
      return press.altKey ? { type: 'move-shot', by: -1 } : { type: 'step', frames: press.shiftKey ? -fps : -1 };
    case 'ArrowRight':
      return press.altKey ? { type: 'move-shot', by: 1 } : { type: 'step', frames: press.shiftKey ? fps : 1 };
    case 'ArrowUp':
      return { type: 'boundary', direction: -1 };
    case 'ArrowDown':
      return { type: 'boundary', direction: 1 };
    case 'Delete':
    case 'Backspace':
      return { type: 'delete-shot' };
    case '+':
    case '=':
      return { type: 'zoom', direction: 1 };
    case '-':
      return { type: 'zoom', direction: -1 };
    case 's':
      return { type: 'toggle-snap' };
    default:
      return null;
  }
}

/** Shuttle speeds: each J or L press in the same direction doubles, up to 8×; the other way starts at 1×. */
export function nextShuttleRate({ rate, direction }: { rate: number; direction: 1 | -1 }): number {
  if (Math.sign(rate) !== direction) return direction;
  return Math.max(-8, Math.min(8, rate * 2));
}

/** The previous or next shot boundary from a frame (shot starts and the programme's end). */
export function boundaryFrom({
  starts,
  totalFrames,
  frame,
  direction,
}: {
  starts: readonly number[];
  totalFrames: number;
  frame: number;
  direction: 1 | -1;
}): number {
  const marks = [...new Set([...starts, totalFrames])].sort((a, b) => a - b);
  if (direction > 0) return marks.find((mark) => mark > frame) ?? totalFrames;
  return [...marks].reverse().find((mark) => mark < frame) ?? 0;
}
