/**
 * `/ml connect`: admins and the installer only, at every step (the submit too); one token check;
 * stored only when ModelsLab accepts it; and the token never shows up anywhere: not in a reply,
 * a form, a log line, an audit row or an error, whatever happens.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/shared/types.ts';
import { admin, installer, member, shown, TENANT, world } from './world.ts';

const TOKEN = 'mlk_live_9f8e7d6c5b4a3210SECRET';

/** Everything anyone could have seen or stored, as one string. */
function everything(w: ReturnType<typeof world>, ...replies: unknown[]): string {
  return [JSON.stringify(replies), ...w.lines, JSON.stringify([...w.directory.audits.values()])].join('\n');
}

describe('opening the connect form', () => {
  it('an admin gets a form with one secret field for the token', async () => {
    const w = world();
    const { forms, replies } = await w.send(w.command(admin, 'connect'));
    expect(replies).toEqual([]);
    expect(forms).toHaveLength(1);
    expect(forms[0]).toMatchObject({ name: 'connect', context: TENANT });
    expect(forms[0]?.fields).toEqual([
      expect.objectContaining({ id: 'token', kind: 'secret', label: 'ModelsLab agent access token' }),
    ]);
    expect(forms[0]?.fields[0]?.initial).toBeUndefined();
    expect(forms[0]?.fields[0]?.hint).toMatch(/agent access token/);
  });

  it('the Connect button opens the same form; the installer may use it too', async () => {
    const w = world();
    w.directory.installers.set(TENANT, installer.id);
    const { forms } = await w.send(w.action(installer, 'connect', 'connect'));
    expect(forms.map((f) => f.name)).toEqual(['connect']);
  });

  it('anyone else gets the rule, and no form', async () => {
    const w = world();
    const { forms, replies } = await w.send(w.command(member, 'connect'));
    expect(forms).toEqual([]);
    expect(replies[0]?.text).toBe(
      'Only workspace admins or the person who installed the app can connect ModelsLab, disconnect it or change the settings. Nothing was changed.',
    );
  });

  it('where the form cannot be shown (no forms, or the trigger expired) it says to run /ml connect again', async () => {
    const w = world();
    for (const forms of [false, 'throws'] as const) {
      const { replies } = await w.send(w.command(admin, 'connect'), { forms });
      expect(replies[0]?.text).toBe(
        'I could not open the form in time (the click or command expired). Run /ml connect again.',
      );
    }
  });

  it('single-team mode: the account is the operator’s (or the simulator’s), nothing to connect', async () => {
    const w = world('single');
    const { replies, forms } = await w.send(w.command(admin, 'connect'));
    expect(forms).toEqual([]);
    expect(replies[0]?.text).toContain("This bot's ModelsLab account is set by its operator (MODELSLAB_TOKEN)");
    const sandbox = world('single', { sandbox: true });
    const answer = await sandbox.send(sandbox.command(admin, 'connect'));
    expect(answer.replies[0]?.text).toContain('built-in simulator');
    expect(answer.replies[0]?.context).toContain('SANDBOX · simulated payments');
  });
});

describe('submitting a token', () => {
  it('accepted: stored for this tenant, audited without the token, balance shown', async () => {
    const w = world();
    const { replies } = await w.send(w.form(admin, 'connect', { token: `  ${TOKEN}\n` }));
    expect(replies.map((r) => r.text)).toEqual([
      'Connected. Balance: $123.45. Members can now use /ml-fund and /ml-subscribe; run /ml settings to choose the approvers and limits.',
    ]);
    expect(w.directory.connected.get(TENANT)).toEqual({
      token: TOKEN,
      by: { platform: 'slack', id: admin.id, name: 'ada' },
    });
    expect(w.directory.audits.get(TENANT)).toEqual([
      expect.objectContaining({
        requestId: 'account',
        purpose: 'account',
        to: 'done',
        detail: 'ModelsLab account connected',
        actor: expect.objectContaining({ id: admin.id }),
      }),
    ]);
    expect(everything(w, replies)).not.toContain(TOKEN);
  });

  it('rejected: nothing stored, the answer says so', async () => {
    const w = world();
    w.directory.check = async () => ({ ok: false, reason: 'rejected' });
    const { replies } = await w.send(w.form(admin, 'connect', { token: TOKEN }));
    expect(replies[0]?.text).toMatch(/^ModelsLab refused that token .*nothing was stored/);
    expect(w.directory.calls).toEqual(['checkToken']);
    expect(w.directory.connected.size).toBe(0);
    expect(everything(w, replies)).not.toContain(TOKEN);
  });

  it('unavailable, or a check that throws with the token in its message: nothing stored, try again', async () => {
    const w = world();
    w.directory.check = async () => ({ ok: false, reason: 'unavailable' });
    const a = await w.send(w.form(admin, 'connect', { token: TOKEN }));
    w.directory.check = async (t) => {
      throw new Error(`GET /wallet/balance with Bearer ${t} timed out`);
    };
    const b = await w.send(w.form(admin, 'connect', { token: TOKEN }));
    for (const r of [a, b])
      expect(r.replies[0]?.text).toBe(
        'ModelsLab did not answer, so nothing was stored. Try /ml connect again in a minute.',
      );
    expect(w.directory.connected.size).toBe(0);
    expect(everything(w, a.replies, b.replies)).not.toContain(TOKEN);
  });

  it('a store that fails with the token in its error: an answer with a ref, and the token nowhere', async () => {
    const w = world();
    w.directory.connectFails = new Error(`could not seal ${TOKEN}`);
    const { replies } = await w.send(w.form(admin, 'connect', { token: TOKEN }));
    expect(replies[0]?.text).toMatch(
      /^I could not store the account just now \(ref: \w+\)\. Run \/ml connect again\.$/,
    );
    const ref = /ref: (\w+)/.exec(replies[0]?.text ?? '')?.[1] ?? 'none';
    expect(w.lines.some((l) => l.includes(ref))).toBe(true);
    expect(w.directory.audits.get(TENANT) ?? []).toEqual([]);
    expect(everything(w, replies)).not.toContain(TOKEN);
  });

  it.each([
    ['empty', '   ', 'Paste the ModelsLab agent access token.'],
    ['with a space', 'abc def', 'A token has no spaces or line breaks: paste it exactly as ModelsLab shows it.'],
    ['too long', 'x'.repeat(513), 'A token is at most 512 characters.'],
    [
      'not printable',
      'abc\u200bdef',
      'A token holds only printable ASCII characters: paste it exactly as ModelsLab shows it.',
    ],
  ])('a token %s is refused inline, before any call, with the rule', async (_, token, rule) => {
    const w = world();
    expect(await w.router.checkForm(w.form(admin, 'connect', { token }))).toEqual({ token: rule });
    const { replies } = await w.send(w.form(admin, 'connect', { token }));
    expect(replies[0]?.text).toBe(`${rule} Nothing was stored.`);
    expect(w.directory.calls).toEqual([]);
  });

  it('a good token passes the inline check', async () => {
    const w = world();
    expect(await w.router.checkForm(w.form(admin, 'connect', { token: TOKEN }))).toBeUndefined();
  });

  it('the submitter is checked again: a member who submits a forged form is refused, nothing is called', async () => {
    const w = world();
    const { replies } = await w.send(w.form(member, 'connect', { token: TOKEN }));
    expect(replies[0]?.text).toMatch(/^Only workspace admins or the person who installed the app/);
    expect(w.directory.calls).toEqual([]);
    expect(everything(w, replies)).not.toContain(TOKEN);
  });

  it('from a DM (no workspace named), the form’s context names the tenant and only its installer passes', async () => {
    const w = world();
    const guild = 'discord:423456789012345678';
    const owner: Actor = { platform: 'discord', id: '523456789012345678', isApprover: false, isAdmin: true };
    w.directory.installers.set(guild, 'installer-1');
    const dm = w.where('discord', null);
    // isAdmin was not resolved in that guild: it counts for nothing here.
    const forged = await w.send(w.form(owner, 'connect', { token: TOKEN }, dm, guild));
    expect(forged.replies[0]?.text).toMatch(/^Only members with Manage Server/);
    const theInstaller: Actor = { ...owner, id: 'installer-1', isAdmin: false };
    const ok = await w.send(w.form(theInstaller, 'connect', { token: TOKEN }, dm, guild));
    expect(ok.replies[0]?.text).toMatch(/^Connected\./);
    expect([...w.directory.connected.keys()]).toEqual([guild]);
    // A context naming another platform's tenant is no tenant at all.
    const wrong = await w.send(w.form(theInstaller, 'connect', { token: TOKEN }, dm, TENANT));
    expect(wrong.replies[0]?.text).toMatch(/^I can't tell which workspace/);
  });

  it('after connecting, the billing commands reach the tenant’s engine', async () => {
    const w = world();
    await w.send(w.form(admin, 'connect', { token: TOKEN }));
    const { replies } = await w.send(w.command(member, '50', undefined, 'fund'));
    expect(shown(replies)).toContain(`engine of ${TENANT} handled command`);
  });
});

describe('a Connect click in a DM', () => {
  it('belongs to the tenant of the message it was on, and only that tenant’s installer may use it', async () => {
    const w = world();
    const guild = 'discord:423456789012345678';
    w.directory.installers.set(guild, '623456789012345678');
    const welcome = { platform: 'discord' as const, channelId: 'dm-7', messageId: 'm-welcome' };
    w.engines.messages.set('discord:dm-7:m-welcome', guild);
    const dm = w.where('discord', null);
    const someAdmin: Actor = { platform: 'discord', id: '723456789012345678', isApprover: false, isAdmin: true };
    const refused = await w.send(w.action(someAdmin, 'connect', 'connect', dm, welcome));
    expect(refused.forms).toEqual([]);
    expect(refused.replies[0]?.text).toMatch(/^Only members with Manage Server/);
    const theInstaller: Actor = { ...someAdmin, id: '623456789012345678', isAdmin: false };
    const opened = await w.send(w.action(theInstaller, 'connect', 'connect', dm, welcome));
    expect(opened.forms.map((f) => f.context)).toEqual([guild]);
  });
});
