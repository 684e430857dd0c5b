/** Which events the desk answers and which may open a form: the table adapters rely on before they ack. */
import { describe, expect, it } from 'vitest';
import type { ActionName, InboundEvent } from '../../../src/core/shared/types.ts';
import { ACTION_NAMES } from '../../../src/core/shared/types.ts';
import { opensForm, routeOf } from '../../../src/core/workspace/index.ts';
import { admin, world } from './world.ts';

const w = world();
const ml = (text: string) => w.command(admin, text);
const click = (action: ActionName, value = 'x') => w.action(admin, action, value);

describe('routeOf and opensForm', () => {
  const table: [string, InboundEvent, 'desk' | 'engine', boolean][] = [
    ['/ml connect', ml('connect'), 'desk', true],
    ['/ml CONNECT (any case)', ml('  CONNECT '), 'desk', true],
    ['/ml disconnect', ml('disconnect'), 'desk', false],
    ['/ml settings', ml('settings'), 'desk', false],
    ['/ml connections (not the word connect)', ml('connections'), 'engine', false],
    ['/ml help', ml('help'), 'engine', false],
    ['/ml status', ml('status'), 'engine', false],
    ['/ml-fund 50', w.command(admin, '50', undefined, 'fund'), 'engine', false],
    ['/ml-balance connect (not /ml)', w.command(admin, 'connect', undefined, 'balance'), 'engine', false],
    ['Connect button', click('connect'), 'desk', true],
    ['Edit approvals', click('settings', 'approvals'), 'desk', true],
    ['Disconnect confirm', click('disconnect', 'confirm'), 'desk', false],
    ['Approve', click('approve', 'r1'), 'engine', false],
    ['Never mind', click('dismiss'), 'engine', false],
    ['connect form submit', w.form(admin, 'connect', { token: 't' }), 'desk', false],
    ['settings form submit', w.form(admin, 'settings_limits', {}), 'desk', false],
    // The engine's forms (issue 16): opened by the engine, submitted to it.
    ['/ml-fund with no text', w.command(admin, '  ', undefined, 'fund'), 'engine', true],
    ['/ml fund with no amount', ml('fund'), 'engine', true],
    ['/ml coupon with no code', ml('coupon'), 'engine', true],
    ['/ml coupon WELCOME10', ml('coupon WELCOME10'), 'engine', false],
    ['/ml deny r1 (typed, denies at once)', ml('deny r1'), 'engine', false],
    ['Deny (the reason form)', click('deny', 'r1'), 'engine', true],
    ['Custom amount', click('topup_custom', '5000'), 'engine', true],
    ['a shortcut’s fund form', click('fund_form', 'note'), 'engine', true],
    ['Edit billing details (the contact form)', click('billing_edit', 'contact'), 'engine', true],
    ['fund form submit', w.form(admin, 'fund', { amount: '50' }), 'engine', false],
    ['deny form submit', w.form(admin, 'deny', {}), 'engine', false],
    ['coupon form submit', w.form(admin, 'coupon', {}), 'engine', false],
    ['top-up form submit', w.form(admin, 'topup_amount', {}), 'engine', false],
    ['billing contact form submit', w.form(admin, 'billing_contact', {}), 'engine', false],
    ['billing address form submit', w.form(admin, 'billing_address', {}), 'engine', false],
  ];
  it.each(table)('%s', (_, event, route, form) => {
    expect(routeOf(event)).toBe(route);
    expect(opensForm(event)).toBe(form);
  });

  it('every other button goes to the engine and opens no form', () => {
    const formButtons = ['connect', 'settings', 'disconnect', 'deny', 'topup_custom', 'fund_form', 'billing_edit'];
    for (const a of ACTION_NAMES.filter((n) => !formButtons.includes(n))) {
      expect(routeOf(click(a)), a).toBe('engine');
      expect(opensForm(click(a)), a).toBe(false);
    }
  });
});
