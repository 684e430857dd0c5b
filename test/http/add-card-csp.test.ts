/** The add-card page's CSP for real Stripe.js and for a stand-in on another origin. */
import { describe, expect, it } from 'vitest';
import { addCardCsp } from '../../src/http/add-card-csp.ts';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('the add-card CSP', () => {
  it('with real Stripe.js: scripts from the nonce and js.stripe.com, Stripe’s API and frames, no framing', () => {
    const d = directives(addCardCsp('abc', 'https://js.stripe.com/v3/'));
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'nonce-abc'", 'https://js.stripe.com']);
    expect(d.get('connect-src')).toEqual(["'self'", 'https://api.stripe.com']);
    expect(d.get('frame-src')).toEqual(['https://js.stripe.com', 'https://hooks.stripe.com']);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('with a stand-in on another origin: that origin only, never a path or a wildcard', () => {
    const d = directives(addCardCsp('n0nce', 'http://127.0.0.1:4567/stripe/v3.js'));
    expect(d.get('script-src')).toEqual(["'nonce-n0nce'", 'http://127.0.0.1:4567']);
    expect(d.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:4567']);
    expect(d.get('frame-src')).toEqual(['http://127.0.0.1:4567']);
  });

  it('with the in-app stand-in (a path of this server): the page’s own origin', () => {
    const d = directives(addCardCsp('n', '/sandbox/stripe/v3.js'));
    expect(d.get('script-src')).toEqual(["'nonce-n'", "'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });
});
