import { describe, expect, it } from 'vitest';
import { publicErrorRecord } from '../../../shared/web/answer-error.ts';

const record = (message: string, messageVi = 'Không thực hiện được.') => ({ code: 'SOME_CODE', message, messageVi });

describe('publicErrorRecord', () => {
  it('cuts filesystem paths, file URLs and ARNs out of both languages', () => {
    const shown = publicErrorRecord(record('The part file /var/lib/reportage/uploads/abc/part-00001 is locked.', 'Tệp /home/op/data/x.db bị khoá.'));
    expect(shown.hidden).toBe(true);
    expect(shown.record.message).toBe('The part file … is locked.');
    expect(shown.record.messageVi).toBe('Tệp … bị khoá.');
    expect(publicErrorRecord(record('Access denied to arn:aws:s3:::reportage-originals/uploads/x by policy.')).record.message).toBe(
      'Access denied to … by policy.',
    );
    expect(publicErrorRecord(record('Cannot read C:\\reportage\\data\\signing.key now.')).record.message).toBe('Cannot read … now.');
  });

  it('replaces a message carrying SQL, SQLite words or a stack trace whole, keeping the code', () => {
    for (const message of [
      'SqliteError: UNIQUE constraint failed: invites.token_hash',
      'SQLITE_BUSY: database is locked',
      'no such table: sessions',
      'SELECT * FROM invites WHERE token_hash = ?',
      'Boom\n    at readSession (file.ts:1:1)',
    ]) {
      const shown = publicErrorRecord(record(message));
      expect(shown.hidden).toBe(true);
      expect(shown.record.code).toBe('SOME_CODE');
      expect(shown.record.message).not.toContain(message.slice(0, 12));
    }
  });

  it('leaves ordinary messages alone, API paths and URLs included', () => {
    const message = "The request lacks this session's x-csrf-token header (from GET /api/session). Reload the page and try again.";
    expect(publicErrorRecord(record(message))).toEqual({ record: record(message), hidden: false });
    const origin = 'Requests that change data must come from this site (https://reportage.example/upload); this one came from http://evil.example.';
    expect(publicErrorRecord(record(origin)).hidden).toBe(false);
    expect(publicErrorRecord(record('Please update the cut and select a shot.')).hidden).toBe(false);
  });
});
