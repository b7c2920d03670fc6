import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.ts';
import { ConfigError, DEFAULT_SESSION_POLICY } from '../../../shared/domain/index.ts';

describe('session settings', () => {
  it('default to a 7-day session that ends after a day unused', () => {
    expect(loadConfig({ env: {} }).sessions).toEqual(DEFAULT_SESSION_POLICY);
    expect(DEFAULT_SESSION_POLICY).toEqual({ lifetimeHours: 168, idleMinutes: 1440 });
  });

  it('read REPORTAGE_SESSION_HOURS and REPORTAGE_SESSION_IDLE_MINUTES', () => {
    expect(loadConfig({ env: { REPORTAGE_SESSION_HOURS: '12', REPORTAGE_SESSION_IDLE_MINUTES: '45' } }).sessions).toEqual({
      lifetimeHours: 12,
      idleMinutes: 45,
    });
  });

  it('fail naming the variable for a value that is not whole, positive, or is too long', () => {
    for (const [variable, value] of [
      ['REPORTAGE_SESSION_HOURS', 'week'],
      ['REPORTAGE_SESSION_HOURS', '0'],
      ['REPORTAGE_SESSION_HOURS', '2161'],
      ['REPORTAGE_SESSION_IDLE_MINUTES', '1.5'],
      ['REPORTAGE_SESSION_IDLE_MINUTES', '-5'],
    ] as const) {
      const attempt = () => loadConfig({ env: { [variable]: value } });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(new RegExp(variable));
    }
  });
});
