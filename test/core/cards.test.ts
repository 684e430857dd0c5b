/**
 * `/ml cards` on the live simulator: the list, Make default / Remove behind a confirm step
 * (approvers only, checked at both steps; a double click performs once; audited), and the list
 * for members.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BillingUnavailableError } from '../../src/core/shared/errors.ts';
import { ManualClock } from '../../src/core/shared/manual-clock.ts';
import { buttonValue, cardsLive, labels } from './cards-support.ts';
import { alice, bob, carol } from './harness.ts';

type Env = Awaited<ReturnType<typeof cardsLive>>;
let env: Env | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const auditOf = async (e: Env) => (await e.stores.audit.list(0)).filter((a) => a.purpose === 'card');

describe('/ml cards', () => {
  it('lists brand, last four, expiry and the default; members see no buttons', async () => {
    env = await cardsLive();
    const [list] = await env.cards(alice);
    expect(list?.ephemeral).toBe(true);
    expect(list?.text).toBe('visa ••4242 · expires 12/2028 · default\nmastercard ••4444 · expires 06/2027');
    expect(list?.buttons).toBeUndefined();
    expect(list?.context?.[0]).toBe('Approvers can make a card the default, remove one or add one.');
  });

  it('gives approvers Make default (not on the default), Remove and Add a card', async () => {
    env = await cardsLive();
    const [list] = await env.cards(bob);
    expect(labels(list)).toEqual([
      'Remove visa ••4242',
      'Make default mastercard ••4444',
      'Remove mastercard ••4444',
      'Add a card',
    ]);
    expect(buttonValue(list, 'Make default mastercard ••4444')).toBe('default:pm_1SeedMc4444');
    expect(buttonValue(list, 'Remove visa ••4242')).toBe('remove:pm_1SeedVisa4242');
  });

  it('marks an expired card', async () => {
    env = await cardsLive({ clock: new ManualClock(Date.UTC(2027, 6, 1)) });
    const [list] = await env.cards(alice);
    expect(list?.text).toContain('mastercard ••4444 · expires 06/2027 · expired');
    expect(list?.text).toContain('visa ••4242 · expires 12/2028 · default\n');
  });
});

describe('Make default and Remove', () => {
  it('asks first, then makes the card the default, audits it and shows the list', async () => {
    env = await cardsLive();
    const [list] = await env.cards(bob);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Make default mastercard ••4444'));
    expect(step?.text).toBe('Make mastercard ••4444 the default card? Charges on file will use it.');
    expect(labels(step)).toEqual(['Confirm', 'Never mind']);
    expect((await env.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1SeedVisa4242');
    const [done] = await env.click(bob, 'card_confirm', buttonValue(step, 'Confirm'));
    expect(done?.text).toBe(
      'Done: mastercard ••4444 is the default card now.\nvisa ••4242 · expires 12/2028\nmastercard ••4444 · expires 06/2027 · default',
    );
    expect((await env.billing.listCards()).find((c) => c.isDefault)?.id).toBe('pm_1SeedMc4444');
    const audit = await auditOf(env);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ requestId: 'cards', to: 'done', actor: { id: bob.id } });
    expect(audit[0]?.detail).toBe('set default mastercard ••4444 (pm_1SeedMc4444)');
  });

  it('removes the default card and says which card ModelsLab made the default', async () => {
    env = await cardsLive();
    const [list] = await env.cards(bob);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Remove visa ••4242'));
    expect(step?.text).toMatch(/^Remove visa ••4242\? It is the default card/);
    const [done] = await env.click(carol, 'card_confirm', buttonValue(step, 'Confirm'));
    expect(done?.text).toBe(
      'Done: visa ••4242 removed. mastercard ••4444 is the default card now.\nmastercard ••4444 · expires 06/2027 · default',
    );
    expect((await env.billing.listCards()).map((c) => c.id)).toEqual(['pm_1SeedMc4444']);
    expect((await auditOf(env))[0]?.detail).toBe('removed visa ••4242 (pm_1SeedVisa4242)');
  });

  it('says when no card is saved, and still offers approvers Add a card', async () => {
    env = await cardsLive();
    for (const label of ['Remove visa ••4242', 'Remove mastercard ••4444']) {
      const [list] = await env.cards(bob);
      const [step] = await env.click(bob, 'card_manage', buttonValue(list, label));
      await env.click(bob, 'card_confirm', buttonValue(step, 'Confirm'));
    }
    const [forBob] = await env.cards(bob);
    expect(forBob?.text).toBe('The account has no saved card.');
    expect(labels(forBob)).toEqual(['Add a card']);
    const [forAlice] = await env.cards(alice);
    expect(forAlice?.text).toBe('The account has no saved card.');
    expect(forAlice?.buttons).toBeUndefined();
  });

  it('two cards with the same brand and last four: the buttons and the confirm step name them by expiry too', async () => {
    env = await cardsLive();
    // A reissued card keeps its number: the stand-in's 4242 with a new expiry, made the default.
    env.sim.controls.addCard('succeeds', { makeDefault: true });
    const [list] = await env.cards(bob);
    const cards = await env.billing.listCards();
    const newer = cards.find((c) => c.last4 === '4242' && c.isDefault)!;
    const expiry = `${String(newer.expMonth).padStart(2, '0')}/${newer.expYear}`;
    expect(labels(list)).toEqual([
      'Make default visa ••4242 (12/2028)',
      'Remove visa ••4242 (12/2028)',
      'Make default mastercard ••4444',
      'Remove mastercard ••4444',
      `Remove visa ••4242 (${expiry})`,
      'Add a card',
    ]);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Remove visa ••4242 (12/2028)'));
    expect(step?.text).toBe('Remove visa ••4242 (12/2028)? It can no longer be charged from chat.');
    const [done] = await env.click(bob, 'card_confirm', buttonValue(step, 'Confirm'));
    expect(done?.text.split('\n')[0]).toBe('Done: visa ••4242 (12/2028) removed.');
    expect((await env.billing.listCards()).map((c) => `${c.last4} ${c.expYear}`)).toEqual([
      '4444 2027',
      `4242 ${newer.expYear}`,
    ]);
  });

  it('refuses a member at both steps, even with a real Confirm value', async () => {
    env = await cardsLive();
    const [refusedManage] = await env.click(alice, 'card_manage', 'default:pm_1SeedMc4444');
    expect(refusedManage?.text).toBe('Only approvers can change the saved cards.');
    const [list] = await env.cards(bob);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Remove mastercard ••4444'));
    const [refusedConfirm] = await env.click(alice, 'card_confirm', buttonValue(step, 'Confirm'));
    expect(refusedConfirm?.text).toBe('Only approvers can change the saved cards.');
    expect(await env.billing.listCards()).toHaveLength(2);
    expect(await auditOf(env)).toHaveLength(0);
  });

  it('performs a double-clicked Confirm once', async () => {
    env = await cardsLive();
    const [list] = await env.cards(bob);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Make default mastercard ••4444'));
    const confirm = buttonValue(step, 'Confirm');
    const [a, b] = await Promise.all([
      env.click(bob, 'card_confirm', confirm),
      env.click(bob, 'card_confirm', confirm),
    ]);
    const texts = [...a, ...b].map((r) => r.text);
    expect(texts.filter((t) => t.startsWith('Done: mastercard ••4444 is the default card now.'))).toHaveLength(1);
    expect(texts).toContain('That was already confirmed; it is not done twice.');
    const [later] = await env.click(carol, 'card_confirm', confirm);
    expect(later?.text).toBe('That was already confirmed; it is not done twice.');
    expect(await auditOf(env)).toHaveLength(1);
  });

  it('a Confirm whose answer was lost can be clicked again: the same key, done and audited once', async () => {
    // ModelsLab removes the card, then the answer is lost on the way back (once).
    let lose = true;
    env = await cardsLive({
      wrapBilling: (b) =>
        new Proxy(b, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            if (prop !== 'removeCard') return typeof value === 'function' ? value.bind(target) : value;
            return async (pm: string, key: string) => {
              await target.removeCard(pm, key);
              if (lose) {
                lose = false;
                throw new BillingUnavailableError('DELETE /billing/payment-methods/{id}', 'socket hang up');
              }
            };
          },
        }),
    });
    const [list] = await env.cards(bob);
    const [step] = await env.click(bob, 'card_manage', buttonValue(list, 'Remove mastercard ••4444'));
    const confirm = buttonValue(step, 'Confirm');
    const [lost] = await env.click(bob, 'card_confirm', confirm);
    expect(lost?.text).toBe(
      'ModelsLab is not answering right now, so I cannot remove the card. Try again in a minute.',
    );
    expect((await env.billing.listCards()).map((c) => c.last4)).toEqual(['4242']);
    expect(await auditOf(env)).toHaveLength(0);

    // The card is gone already, yet the second Confirm is not "card gone": it replays the call.
    const [again] = await env.click(carol, 'card_confirm', confirm);
    expect(again?.text).toContain('Done: mastercard ••4444 removed.');
    const keys = env.sim.state
      .calls()
      .filter((c) => c.method === 'DELETE')
      .map((c) => c.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect((await auditOf(env)).map((a) => a.detail)).toEqual(['removed mastercard ••4444 (pm_1SeedMc4444)']);
    const [third] = await env.click(bob, 'card_confirm', confirm);
    expect(third?.text).toBe('That was already confirmed; it is not done twice.');
  });

  it('refuses forged or stale values and changes nothing', async () => {
    env = await cardsLive();
    const [broken] = await env.click(bob, 'card_manage', 'default:not-a-pm');
    expect(broken?.text).toBe('That button is broken. /ml cards shows the cards again.');
    const [forged] = await env.click(bob, 'card_confirm', 'remove:pm_1SeedVisa4242:abcdefghjkmn');
    expect(forged?.text).toBe('This confirm step has expired. Nothing changed. /ml cards shows the cards again.');
    const [gone] = await env.click(bob, 'card_manage', 'remove:pm_1Unknown');
    expect(gone?.text).toBe('That card is no longer saved on the account. Nothing changed.');
    const [isDefault] = await env.click(bob, 'card_manage', 'default:pm_1SeedVisa4242');
    expect(isDefault?.text).toBe('visa ••4242 is already the default card. Nothing changed.');
    expect(await env.billing.listCards()).toHaveLength(2);
    expect(await auditOf(env)).toHaveLength(0);
  });
});
