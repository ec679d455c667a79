import { describe, expect, it } from 'vitest';
import { decodeJwtPayload, isSigninCallback, personOf } from './auth';

const jwt = (claims: object) => `x.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

describe('who is signed in', () => {
  it('reads the subject, the name and the platform role from the access token', () => {
    expect(personOf(jwt({ sub: 'customer-1', preferred_username: 'customer-1', realm_access: { roles: ['customer'] } })))
      .toEqual({ subject: 'customer-1', name: 'customer-1', role: 'customer' });
    expect(personOf(jwt({ sub: 'a1', realm_access: { roles: ['offline_access', 'admin'] } })).role).toBe('admin');
    expect(personOf(jwt({ sub: 'x', realm_access: { roles: ['other'] } })).role).toBeNull();
  });

  it('survives tokens that are not JWTs', () => {
    expect(decodeJwtPayload('opaque')).toEqual({});
    expect(decodeJwtPayload('a.%%%.c')).toEqual({});
    expect(personOf('a.bm90IGpzb24.c').role).toBeNull();
  });

  it('knows the provider sent the browser back', () => {
    expect(isSigninCallback('?code=abc&state=s')).toBe(true);
    expect(isSigninCallback('?error=access_denied&state=s')).toBe(true);
    expect(isSigninCallback('?code=abc')).toBe(false);
    expect(isSigninCallback('')).toBe(false);
  });
});
