import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT } from '../../tests/support/mock.ts';
import { Identity, MAX_LIVE_TOKENS } from './identity.ts';

describe('Identity tokens', () => {
  it('drops expired tokens once many have been issued, keeping the valid ones', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const identity = new Identity({
      projectId: SAMPLE_PROJECT,
      tokenTtlSeconds: 60,
      clock: () => now,
    });
    const login = () => identity.authenticate({ method: 'password', userName: 'alice', password: 'x' });
    const first = login();
    for (let n = 1; n < 1024; n++) login(); // 1024 tokens: the next issue sweeps
    now = new Date('2026-01-01T00:02:00Z');
    const fresh = login();
    // The sweep ran: the expired first token is gone, not merely refused.
    expect(identity.revoke(first?.id ?? '')).toBe(false);
    expect(identity.validate(fresh?.id ?? '')).toEqual(fresh);
    expect(identity.issuedTokens()).toEqual([fresh]);
  });

  it('keeps at most MAX_LIVE_TOKENS live tokens, forgetting the oldest first', () => {
    const identity = new Identity({ projectId: SAMPLE_PROJECT });
    const login = () => identity.authenticate({ method: 'password', userName: 'bob', password: 'x' });
    const first = login();
    const second = login();
    for (let n = 2; n < MAX_LIVE_TOKENS + 1; n++) login();
    // Every token is still valid (24 h), yet only the newest MAX_LIVE_TOKENS are kept.
    expect(identity.issuedTokens()).toHaveLength(MAX_LIVE_TOKENS);
    expect(identity.validate(first?.id ?? '')).toBeUndefined();
    expect(identity.validate(second?.id ?? '')).toEqual(second);
  });
});
