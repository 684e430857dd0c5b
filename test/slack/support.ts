/**
 * The real Slack adapter (real Bolt) against the fake Slack, with an engine of our own that
 * records what it was handed. The adapter's request handler is mounted on a loopback server
 * exactly as the app's router mounts it. Also the steps full-flow tests (SlackApp) share.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.ts';
import { FakeSlack, type FakeSlackOptions, type StoredMessage } from '../../fakes/slack/fake-slack.ts';
import { type Logger, silentLogger } from '../../src/core/shared/ports.ts';
import { type EngineScript, RecordingEngine } from '../support/recording-engine.ts';
import { ALICE, BOB, type ClickTarget, type SlackApp } from './harness.ts';

export const SECRET = 'test-signing-secret';

export type Script = EngineScript;

/** Records every event; `script` decides what the "engine" does with it. */
export { RecordingEngine };

export interface Rig {
  readonly fake: FakeSlack;
  readonly adapter: SlackAdapter;
  readonly engine: RecordingEngine;
  /** `http://127.0.0.1:<port>/slack/events` (HTTP mode). */
  readonly botUrl: string;
  close(): Promise<void>;
}

export async function startRig(
  options: {
    fake?: FakeSlackOptions;
    adapter?: Partial<SlackAdapterOptions>;
    socketMode?: boolean;
    logger?: Logger;
  } = {},
): Promise<Rig> {
  const fake = new FakeSlack(options.fake);
  const { apiUrl } = await fake.start();
  const adapter = createSlackAdapter({
    botToken: 'xoxb-test',
    ...(options.socketMode ? { appToken: 'xapp-test' } : { signingSecret: SECRET }),
    apiUrl,
    approvers: ['U0APPROVER'],
    logger: options.logger ?? silentLogger,
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    ...options.adapter,
  });
  const engine = new RecordingEngine(options.logger ?? silentLogger);
  adapter.attach(engine);
  await adapter.start();
  let server: Server | undefined;
  let botUrl = '';
  if (adapter.requestHandler) {
    const handler = adapter.requestHandler;
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }
  return {
    fake,
    adapter,
    engine,
    botUrl,
    async close() {
      await adapter.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server?.close(() => resolve()));
      }
      await fake.stop();
    },
  };
}

/** `/ml-fund <text>` typed by `userId` in the channel; resolves with the card the bot posted. */
export async function openFundCard(app: SlackApp, userId: string, text: string): Promise<StoredMessage> {
  await app.command(userId, '/ml-fund', text);
  await app.settle();
  const [card] = app.cards();
  if (!card) throw new Error('no card in the channel');
  return card;
}

/** `approver` clicks Approve on `card`; resolves with the DM that carries the payment link to `payer`. */
export async function approveForLink(
  app: SlackApp,
  card: StoredMessage,
  approver = BOB,
  payer = ALICE,
): Promise<StoredMessage> {
  await app.click(approver, card, 'Approve');
  await app.settle();
  const [dm] = app.dms(payer);
  if (!dm) throw new Error('no DM with the link');
  return dm;
}

/** The checkout session a payment link opens (what the simulator's controls take). */
export function sessionOf(url: string): string {
  return url.split('/checkout/')[1] ?? '';
}

/** `command text` typed by `userId`; resolves with the first private answer they saw to it. */
export async function privateAnswer(
  app: SlackApp,
  userId: string,
  command: string,
  text: string,
): Promise<ClickTarget> {
  const cmd = await app.command(userId, command, text);
  await app.settle();
  const [answer] = app.ephemeralsFor(userId, cmd.responseUrlId);
  if (!answer) throw new Error(`no private answer to ${command} ${text}`);
  return answer;
}
