/**
 * Isolation between the playground's two workspaces (Acme, Globex), through the app (workspaces
 * mode) over HTTP, each connected to its own simulated account in the connect dialog: a Globex
 * person pressing a button of Acme's (a card, a DM) or a Globex button carrying Acme's request id
 * gets the same HTTP answer as for a message or button that does not exist; Acme's request id in
 * Globex's commands is answered as an unknown id; Globex's audit CSV holds nothing of Acme.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { WebMessage } from '../../adapters/web/index.ts';
import { type Stack, startStack } from '../e2e/harness.ts';
import { cleanups, messages, watch as page, send as post } from '../sandbox/app-helpers.ts';
import type { SseStream } from '../web/sse-client.ts';

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const UNKNOWN = 'rzzzzzzzzz';
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The HTTP answer, as the page gets it. */
const answer = async (res: Response) => `${res.status} ${await res.text()}`;

const text = (s: SseStream) => JSON.stringify(messages(s));

async function until<T>(what: string, ok: () => T | undefined | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = ok();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const actionOf = (m: WebMessage, action: string) =>
  m.reply.buttons.find((b) => b.kind === 'action' && b.action === action) as
    | { kind: 'action'; action: string; value: string }
    | undefined;

async function connect(stack: Stack, workspace: string, token: string): Promise<SseStream> {
  const admin = await page(stack, `${workspace}-avery`);
  await post(stack, '/play/command', { as: `${workspace}-avery`, text: '/ml connect' });
  const form = (await admin.next((e) => e.event === 'form')).data as { id: string };
  await post(stack, '/play/form', { as: `${workspace}-avery`, formId: form.id, values: { token } });
  await until(`${workspace} connected`, () => text(admin).includes('Connected. Balance'));
  return admin;
}

/** Acme's Riley asked $17 and Acme's Avery approved; Globex's Riley asked $25 (waiting). */
async function world() {
  const stack = await startStack({ MLBOT_TENANCY: 'workspaces', SECRETS_KEY: KEY });
  cleanups.push(() => stack.stop());
  const acmeAvery = await connect(stack, 'acme', 'sandbox-acme');
  const globexAvery = await connect(stack, 'globex', 'sandbox-globex');
  const acmeRiley = await page(stack, 'acme-riley');
  const globexRiley = await page(stack, 'globex-riley');
  await post(stack, '/play/command', { as: 'acme-riley', text: '/ml-fund 17 acme secret project' });
  const aCard = await until('Acme’s card', () =>
    messages(acmeAvery).find((m) => actionOf(m, 'approve') && JSON.stringify(m).includes('acme secret project')),
  );
  const aId = actionOf(aCard, 'approve')?.value ?? '';
  await post(stack, '/play/action', { as: 'acme-avery', messageId: aCard.id, action: 'approve', value: aId });
  const aDm = await until('Acme’s payer DM', () => messages(acmeRiley).find((m) => actionOf(m, 'paid')));
  await post(stack, '/play/command', { as: 'globex-riley', text: '/ml-fund 25 globex run' });
  const bCard = await until('Globex’s card', () =>
    messages(globexAvery).find((m) => actionOf(m, 'approve') && JSON.stringify(m).includes('globex run')),
  );
  expect(aId).toHaveLength(UNKNOWN.length);
  return { stack, acmeAvery, globexAvery, globexRiley, aCard, aDm, aId, bCard };
}
type World = Awaited<ReturnType<typeof world>>;

async function stateOfA({ stack, aId }: World): Promise<string> {
  const scoped = stack.app.stores.scope('web:acme');
  return JSON.stringify({
    request: await scoped.requests.get(aId),
    audit: await scoped.audit.list(0),
    billing: stack.app.simulator?.state
      .calls()
      .filter((c) => c.account === 'acme' && c.method !== 'GET' && c.status < 300),
  });
}

const TRACES = (w: World) => [w.aId, 'acme secret project', '$17.00', '17.00', 'acme-'];

/** What `stream` is shown after `act`, once quiet: the replies, without ids that differ per message. */
async function shownAfter(stream: SseStream, act: () => Promise<unknown>): Promise<string[]> {
  const before = messages(stream).length;
  await act();
  await until('an answer', () => messages(stream).length > before, 3_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  return messages(stream)
    .slice(before)
    .map((m) => JSON.stringify({ kind: m.kind, reply: m.reply }));
}

it('a Globex person pressing Acme’s buttons, or Globex’s buttons with Acme’s id, gets the answer for nothing', async () => {
  const w = await world();
  const { stack, aCard, aDm, aId, bCard } = w;
  const before = await stateOfA(w);
  const press = (as: string, messageId: string, action: string, value: string) =>
    post(stack, '/play/action', { as, messageId, action, value }).then(answer);
  for (const [as, message, action] of [
    ['globex-avery', aCard, 'approve'],
    ['globex-avery', aCard, 'deny'],
    ['globex-riley', aDm, 'paid'],
    ['globex-riley', aDm, 'cancel'],
  ] as const) {
    const real = await press(as, message.id, action, aId);
    expect(real).toBe(await press(as, 'm-does-not-exist', action, aId));
    expect(real).toMatch(/^404 /);
  }
  // Globex's own card, with Acme's id as the value: no such button, as for any made-up value.
  for (const action of ['approve', 'deny', 'cancel']) {
    const withA = await press('globex-avery', bCard.id, action, aId);
    expect(withA).toBe(await press('globex-avery', bCard.id, action, UNKNOWN));
    expect(withA).toMatch(/^404 /);
  }
  expect(await stateOfA(w)).toBe(before);
}, 40_000);

it('Acme’s request id in Globex’s commands is answered as an unknown id; Globex’s audit holds nothing of Acme', async () => {
  const w = await world();
  const { stack, globexAvery, globexRiley, aId } = w;
  const before = await stateOfA(w);
  for (const [as, stream, cmd] of [
    ['globex-riley', globexRiley, `/ml cancel ${aId}`],
    ['globex-avery', globexAvery, `/ml cancel ${aId}`],
    ['globex-avery', globexAvery, `/ml deny ${aId}`],
  ] as const) {
    const run = (t: string) => () => post(stack, '/play/command', { as, text: t });
    const withA = await shownAfter(stream, run(cmd));
    const withUnknown = await shownAfter(stream, run(cmd.replace(aId, UNKNOWN)));
    expect(withA.length, cmd).toBeGreaterThan(0);
    expect(
      withA.map((a) => a.replaceAll(aId, '<id>')),
      cmd,
    ).toEqual(withUnknown.map((a) => a.replaceAll(UNKNOWN, '<id>')));
  }
  const status = (
    await shownAfter(globexAvery, () => post(stack, '/play/command', { as: 'globex-avery', text: '/ml status' }))
  ).join('');
  expect(status).toContain('globex run');
  for (const t of TRACES(w)) expect(status).not.toContain(t);

  const shown = await shownAfter(globexAvery, () =>
    post(stack, '/play/command', { as: 'globex-avery', text: '/ml audit' }),
  );
  const csv = shown
    .map((s) => (JSON.parse(s) as { reply: WebMessage['reply'] }).reply.attachment?.content)
    .find((c) => c !== undefined);
  expect(csv).toContain('globex');
  for (const t of TRACES(w)) expect(csv).not.toContain(t);
  // Nothing of Globex's page ever showed Acme's request (its id only where Avery typed it).
  for (const t of TRACES(w).filter((t) => t !== aId)) {
    expect(text(globexAvery)).not.toContain(t);
    expect(text(globexRiley)).not.toContain(t);
  }
  expect(await stateOfA(w)).toBe(before);
  for (const secret of ['sandbox-acme', 'sandbox-globex', KEY.slice(3)]) expect(stack.logText()).not.toContain(secret);
}, 40_000);

it('a Globex person submitting Acme’s open connect dialog gets the answer for no such dialog; Acme keeps its account', async () => {
  const w = await world();
  const { stack, acmeAvery } = w;
  await post(stack, '/play/command', { as: 'acme-avery', text: '/ml connect' });
  const form = (await acmeAvery.next((e) => e.event === 'form')).data as { id: string };
  const submit = (formId: string) =>
    post(stack, '/play/form', { as: 'globex-avery', formId, values: { token: 'sandbox-intruder' } }).then(answer);
  const forged = await submit(form.id);
  expect(forged).toBe(await submit('f-does-not-exist'));
  expect(forged).toMatch(/^4\d\d /);
  expect((await stack.app.directory.credentials('web:acme'))?.token).toBe('sandbox-acme');
  expect(stack.app.simulator?.state.calls().some((c) => c.account === 'intruder')).toBe(false);
}, 40_000);
