import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, kindOfCode, statusOfCode } from '../../../shared/domain/error-codes.ts';
import { AccessError, ReviewError } from '../../../shared/domain/index.ts';

/** Every `.ts` file under a folder. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the error-code registry', () => {
  it('fixes one status per code, and the kind follows from it', () => {
    expect(statusOfCode('NOT_APPROVED')).toBe(409);
    expect(kindOfCode('NOT_APPROVED')).toBe('conflict');
    expect(statusOfCode('UPLOAD_QUOTA_EXCEEDED')).toBe(413);
    expect(kindOfCode('UPLOAD_QUOTA_EXCEEDED')).toBe('invalid');
    expect(statusOfCode('RENDER_UNAVAILABLE')).toBe(503);
    expect(kindOfCode('RENDER_UNAVAILABLE')).toBe('internal');
    expect(kindOfCode('INVITE_EXPIRED')).toBe('unauthorized');
  });

  it('gives an error its code’s status wherever it is thrown', () => {
    const fromRoute = new AccessError({ code: 'NOT_APPROVED', message: 'not approved', messageVi: 'chưa duyệt' });
    const fromUseCase = new ReviewError({ code: 'NOT_APPROVED', message: 'not approved', messageVi: 'chưa duyệt' });
    expect([fromRoute.status, fromUseCase.status]).toEqual([409, 409]);
    expect([fromRoute.kind, fromUseCase.kind]).toEqual(['conflict', 'conflict']);
  });

  it('answers 500 for a code it does not know (only reachable around the types)', () => {
    expect(statusOfCode('NO_SUCH_CODE')).toBe(500);
    expect(statusOfCode('toString')).toBe(500);
  });

  it('holds no code that nothing throws', () => {
    const code = sourceFiles('shared')
      .concat(sourceFiles('functions'))
      .filter((file) => !file.endsWith('error-codes.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(ERROR_STATUS).filter((name) => !code.includes(`'${name}'`));
    expect(unused).toEqual([]);
  });
});
