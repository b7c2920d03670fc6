import { describe, expect, it } from 'vitest';
import { HISTORY_DEPTH, recordEdit, redoEdit, startHistory, undoEdit } from '../../../../shared/web/client/pages/cut-editor/edit-history.ts';

describe('edit history', () => {
  it('undoes and redoes edits in order; a new edit clears what could be redone', () => {
    let history = startHistory({ present: ['a'] });
    history = recordEdit({ history, next: ['a', 'b'] });
    history = recordEdit({ history, next: ['a', 'b', 'c'] });
    history = undoEdit({ history });
    expect(history.present).toEqual(['a', 'b']);
    history = undoEdit({ history });
    expect(history.present).toEqual(['a']);
    expect(undoEdit({ history })).toBe(history);
    history = redoEdit({ history });
    expect(history.present).toEqual(['a', 'b']);
    history = recordEdit({ history, next: ['x'] });
    expect(history.future).toEqual([]);
    expect(redoEdit({ history })).toBe(history);
  });

  it('records no step for an edit that changed nothing', () => {
    const history = startHistory({ present: { shots: [1, 2] } });
    expect(recordEdit({ history, next: { shots: [1, 2] } })).toBe(history);
  });

  it('merges typing in one field into one step', () => {
    let history = startHistory({ present: '' });
    history = recordEdit({ history, next: 'Đ' });
    history = recordEdit({ history, next: 'Đạ', merge: true });
    history = recordEdit({ history, next: 'Đại', merge: true });
    expect(history.past).toEqual(['']);
    expect(undoEdit({ history }).present).toBe('');
  });

  it(`keeps the last ${HISTORY_DEPTH} steps`, () => {
    let history = startHistory({ present: 0 });
    for (let n = 1; n <= HISTORY_DEPTH + 5; n++) history = recordEdit({ history, next: n });
    expect(history.past.length).toBe(HISTORY_DEPTH);
    expect(history.past[0]).toBe(5);
  });
});
