/**
 * The baseline for ack latency: Bolt 5 with the same receiver the Slack adapter uses
 * (HTTPReceiver on /slack/events, signature check included), whose /ml-fund listener only acks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

export interface BareBolt {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBareBolt(signingSecret: string, slackApiUrl: string): Promise<BareBolt> {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: ['/slack/events'], logLevel: LogLevel.ERROR });
  const app = new App({
    token: 'xoxb-bench',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl },
    deferInitialization: true,
    convoStore: false,
  });
  app.command('/ml-fund', async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = createServer((req, res) => receiver.requestListener(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
