import { afterEach, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, linkUrl, SlackApp, visibleText } from './harness.ts';
import { sessionOf } from './support.ts';

let app: SlackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

it('dump', async () => {
  app = await SlackApp.start({ locale: 'es' });
  for (const u of [ALICE, BOB, CAROL]) app.fake.tenancy.setUser(u, { locale: 'es-ES' });
  const ack = await app.command(ALICE, '/ml-fund', '25 prueba');
  await app.settle();
  const [card] = app.cards();
  if (!card) throw new Error('no card');
  console.log('CARD', visibleText(card));
  console.log('ACK', JSON.stringify(app.fake.responses(ack.responseUrlId)));
  console.log('EPH', JSON.stringify(app.ephemeralsFor(ALICE)));
  await app.click(BOB, card, 'Aprobar');
  await app.settle();
  console.log('BOBEPH', JSON.stringify(app.ephemeralsFor(BOB)));
  const [dm] = app.dms(ALICE);
  if (!dm) throw new Error('no dm');
  console.log('DM', visibleText(dm));
  console.log('CARD2', visibleText(app.fake.message(card.channel, card.ts)!));
  app.sim.controls.markPaid(sessionOf(linkUrl(dm)));
  const receipt = await app.fake.waitFor(() => app?.thread(card)[0], 3000, 'receipt');
  await new Promise((r) => setTimeout(r, 1000));
  console.log('RECEIPT', visibleText(receipt));
  console.log('DM2', visibleText(app.fake.message(dm.channel, dm.ts)!));
  console.log('CARD3', visibleText(app.fake.message(card.channel, card.ts)!));
  console.log('ALLDMS', JSON.stringify(app.dms(ALICE).map(visibleText)));
  await app.command(ALICE, '/ml-fund', '');
  await app.settle();
  console.log('VIEW', JSON.stringify(app.fake.workspace.views().at(-1)));
});
