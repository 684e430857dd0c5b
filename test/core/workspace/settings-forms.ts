/**
 * What the `/ml settings` tests share: a valid approvals submission to vary one field of, a
 * Discord admin in a guild, and the check every refused submission must pass.
 */
import { expect, it } from 'vitest';
import type { FormName, FormValues } from '../../../src/core/shared/forms.ts';
import type { Actor } from '../../../src/core/shared/types.ts';
import { admin, world } from './world.ts';

/** The approvals form as the defaults fill it. */
export const APPROVALS = {
  approver_users: ['U0BOSS'],
  approver_groups: [],
  threshold_usd: '0',
  self_approval: 'no',
  expiry_hours: '24',
};

export const discordAdmin: Actor = { platform: 'discord', id: '323456789012345678', isApprover: true, isAdmin: true };
export const DISCORD_GUILD = '423456789012345678';

/** [case name, form, values, the field refused, the rule stated]. */
export type Refusal = [string, FormName, FormValues, string, string];

/**
 * One test per case: the form check names the field with its rule, the submit answers
 * "Nothing was saved: <rule>", and the directory saw no call.
 */
export function itRefusesEach(cases: Refusal[]) {
  it.each(cases)('%s', async (_, form, values, field, rule) => {
    const w = world();
    expect(await w.router.checkForm(w.form(admin, form, values))).toEqual({ [field]: rule });
    const { replies } = await w.send(w.form(admin, form, values));
    expect(replies[0]?.text).toBe(`Nothing was saved: ${rule}`);
    expect(w.directory.calls).toEqual([]);
  });
}
