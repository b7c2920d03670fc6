import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config.ts';

describe('loadConfig: the web server exposure', () => {
  it('trusts no proxy and bounds connections by default', () => {
    expect(loadConfig({ env: {} }).http).toEqual({ trustProxy: false, headersTimeoutSeconds: 20, idleTimeoutSeconds: 30, maxConnectionsPerAddress: 128 });
  });

  it('reads REPORTAGE_TRUST_PROXY as true/false/1/0 only ("false" is false)', () => {
    expect(loadConfig({ env: { REPORTAGE_TRUST_PROXY: 'false' } }).http.trustProxy).toBe(false);
    expect(loadConfig({ env: { REPORTAGE_TRUST_PROXY: '0' } }).http.trustProxy).toBe(false);
    expect(loadConfig({ env: { REPORTAGE_TRUST_PROXY: 'true' } }).http.trustProxy).toBe(true);
    expect(() => loadConfig({ env: { REPORTAGE_TRUST_PROXY: 'yes' } })).toThrow(/REPORTAGE_TRUST_PROXY/);
  });

  it('refuses a timeout or cap that is not a positive whole number, naming it', () => {
    expect(() => loadConfig({ env: { REPORTAGE_HTTP_IDLE_TIMEOUT_SECONDS: '0' } })).toThrow(/REPORTAGE_HTTP_IDLE_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ env: { REPORTAGE_HTTP_MAX_CONNECTIONS_PER_ADDRESS: 'lots' } })).toThrow(/REPORTAGE_HTTP_MAX_CONNECTIONS_PER_ADDRESS/);
  });
});
