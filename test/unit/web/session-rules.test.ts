import { describe, expect, it } from 'vitest';
import { ADMIN_LINK_MAX_HOURS, sessionExpiry, sessionNeedsTouch, sessionState } from '../../../shared/domain/index.ts';

const at = (iso: string) => new Date(iso);
const session = { createdAt: '2026-11-01T08:00:00.000Z', expiresAt: '2026-11-02T08:00:00.000Z' };

describe('session rules', () => {
  it('a session lasts the configured lifetime, never past its invite', () => {
    expect(sessionExpiry({ invite: { expiresAt: '2026-12-01T00:00:00Z' }, now: at('2026-11-01T08:00:00Z'), lifetimeHours: 2 })).toBe(
      '2026-11-01T10:00:00.000Z',
    );
    expect(sessionExpiry({ invite: { expiresAt: '2026-11-01T09:00:00Z' }, now: at('2026-11-01T08:00:00Z'), lifetimeHours: 2 })).toBe(
      '2026-11-01T09:00:00.000Z',
    );
  });

  it('is expired at its expiry, idle after the idle timeout since its last request (or its start)', () => {
    expect(sessionState({ session, now: at('2026-11-01T08:29:59Z'), idleMinutes: 30 })).toBe('valid');
    expect(sessionState({ session, now: at('2026-11-01T08:30:00Z'), idleMinutes: 30 })).toBe('idle');
    expect(sessionState({ session: { ...session, lastSeenAt: '2026-11-01T08:20:00.000Z' }, now: at('2026-11-01T08:30:00Z'), idleMinutes: 30 })).toBe('valid');
    expect(sessionState({ session, now: at('2026-11-02T08:00:00Z'), idleMinutes: 60 * 48 })).toBe('expired');
  });

  it('writes the last-seen time at most every five minutes (sooner for a short idle timeout)', () => {
    expect(sessionNeedsTouch({ session, now: at('2026-11-01T08:04:59Z'), idleMinutes: 1440 })).toBe(false);
    expect(sessionNeedsTouch({ session, now: at('2026-11-01T08:05:00Z'), idleMinutes: 1440 })).toBe(true);
    expect(sessionNeedsTouch({ session, now: at('2026-11-01T08:00:05Z'), idleMinutes: 1 })).toBe(true);
  });

  it('an admin link is valid a week at most', () => {
    expect(ADMIN_LINK_MAX_HOURS).toBe(168);
  });
});
