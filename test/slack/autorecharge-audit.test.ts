/** `/ml autorecharge` and `/ml audit` through Slack: approvers act, everyone else is refused. */
import { afterEach, expect, it } from 'vitest';
import { AUDIT_COLUMNS } from '../../src/core/admin/audit-csv.ts';
import { ALICE, CAROL, CHANNEL, linkUrl, MALLORY, SlackApp } from './harness.ts';
import { approveForLink, openFundCard } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function autoFunding(a: SlackApp) {
  const overview = await a.simGet('/billing/overview');
  return overview.auto_funding as {
    enabled: boolean;
    auto_charge_amount: number | null;
    charge_threshold: number | null;
  };
}

async function answerTo(a: SlackApp, user: string, text: string): Promise<string> {
  const cmd = await a.command(user, '/ml', text);
  await a.settle();
  return a.ephemeralsFor(user, cmd.responseUrlId)[0]?.text ?? '';
}

it('/ml autorecharge 20 5 by an approver sets it on ModelsLab and tells the channel', async () => {
  app = await SlackApp.start();
  expect(await answerTo(app, CAROL, 'autorecharge 20 5')).toMatch(
    /Auto-recharge is now on: \$20\.00 when the balance falls below \$5\.00/,
  );
  expect(await autoFunding(app)).toMatchObject({ enabled: true, auto_charge_amount: 20, charge_threshold: 5 });
  expect(app.cards()[0]?.text).toMatch(/<@U0CAROL> set auto-recharge on: \$20\.00/);
  // Everyone sees it in /ml-balance.
  const cmd = await app.command(ALICE, '/ml-balance', '');
  await app.settle();
  expect(JSON.stringify(app.ephemeralsFor(ALICE, cmd.responseUrlId)[0]?.blocks)).toContain('on: $20.00');
});

it('/ml autorecharge refuses amounts under the minimum, and anyone but an approver', async () => {
  app = await SlackApp.start();
  const before = await autoFunding(app);
  expect(await answerTo(app, CAROL, 'autorecharge 2 5')).toMatch(/at least \$5\.00.*threshold at least \$1\.00/);
  expect(await answerTo(app, MALLORY, 'autorecharge 20 5')).toMatch(/Only approvers can change auto-recharge/);
  expect(await autoFunding(app)).toEqual(before);
  expect(app.fake.messages(CHANNEL)).toHaveLength(0);
});

it('/ml audit 7 by an approver uploads the CSV to their DM only, without payment URLs', async () => {
  app = await SlackApp.start();
  const card = await openFundCard(app, ALICE, '50 eval run');
  const dm = await approveForLink(app, card);
  const paymentUrl = linkUrl(dm);
  const [request] = await app.stores.requests.listSince(0);
  if (!request) throw new Error('no stored request');

  const cmd = await app.command(CAROL, '/ml', 'audit 7');
  await app.settle();
  const [answer] = app.ephemeralsFor(CAROL, cmd.responseUrlId);
  expect(answer?.text).toMatch(/Sent the CSV to your DMs/);

  const uploads = app.fake.uploads();
  expect(uploads).toHaveLength(1);
  const [file] = uploads;
  expect(file?.channelId).toBe(app.fake.dmChannelOf(CAROL));
  expect(file?.filename).toMatch(/^mlbot-audit-.*\.csv$/);
  const rows = (file?.content ?? '').trim().split(/\r?\n/);
  expect(rows[0]).toBe(AUDIT_COLUMNS.join(','));
  const requestRows = rows.filter((r) => r.split(',')[1] === request.id);
  expect(requestRows.length).toBeGreaterThanOrEqual(2); // opened, then approved
  expect(file?.content).not.toContain(paymentUrl);
  expect(file?.content).not.toMatch(/https?:\/\//);
  expect(app.shownOutsideDm(paymentUrl, ALICE)).toEqual([]);
  // Nothing about the export reaches the channel.
  expect(app.fake.messages(CHANNEL).filter((m) => /audit/i.test(m.text))).toHaveLength(0);
});

it('/ml audit by a non-approver is refused and uploads nothing', async () => {
  app = await SlackApp.start();
  expect(await answerTo(app, MALLORY, 'audit 7')).toMatch(/Only approvers can export the audit log/);
  expect(await answerTo(app, CAROL, 'audit 9999')).toMatch(/from 1 to 365/);
  expect(app.fake.uploads()).toHaveLength(0);
  expect(app.fake.calls('files.getUploadURLExternal')).toHaveLength(0);
});
