/**
 * The whole product on one loopback HTTP server, wired the way the app wires it, for the browser
 * test: the simulator at /sandbox (API and checkout pages), the real billing client against it,
 * the memory store, the checkout watcher, the engine and the playground at /.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlayground, type Playground } from '../../adapters/web/index.ts';
import { ModelsLabBilling, ModelsLabClient } from '../../src/billing/index.ts';
import { ConversationEngine, makePolicy } from '../../src/core/index.ts';
import { type Logger, type Messenger, silentLogger, systemClock } from '../../src/core/ports.ts';
import type { Platform } from '../../src/core/types.ts';
import { createRouter, type HttpHandler } from '../../src/http/router.ts';
import { createSimulator, type Simulator } from '../../src/sandbox/index.ts';
import { createStores } from '../../src/store/index.ts';
import { CheckoutWatcherImpl } from '../../src/watcher/index.ts';

export interface Stack {
  readonly url: string;
  readonly simulator: Simulator;
  readonly playground: Playground;
  stop(): Promise<void>;
}

export async function startStack(options: { logger?: Logger } = {}): Promise<Stack> {
  const logger = options.logger ?? silentLogger;
  let handler: HttpHandler = (_req, res) => void res.writeHead(503).end();
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => logger.error({ err }, 'handler failed'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const simulator = createSimulator({ publicBaseUrl: `${url}/sandbox` });
  const billing = new ModelsLabBilling(
    new ModelsLabClient({ baseUrl: `${url}/sandbox/api/agents/v1`, token: 'sandbox-token' }),
  );
  const stores = await createStores('memory://');
  const playground = createPlayground({ sandbox: true, logger });
  const messengers = new Map<Platform, Messenger>([['web', playground.messenger]]);

  let engine: ConversationEngine | undefined;
  const watcher = new CheckoutWatcherImpl(
    {
      billing,
      sink: { onCheckoutOutcome: (watch, outcome) => engine!.onCheckoutOutcome(watch, outcome) },
      budget: stores.budget(15),
      clock: systemClock,
      logger,
      requests: stores.requests,
      leases: stores.leases,
    },
    // A demo payer pays within seconds: check every second rather than every five.
    { firstCheckMs: 1_000, minIntervalMs: 1_000 },
  );
  engine = new ConversationEngine(
    {
      billing,
      requests: stores.requests,
      once: stores.once,
      leases: stores.leases,
      audit: stores.audit,
      kv: stores.kv,
      messengers,
      watcher,
      clock: systemClock,
      logger,
    },
    makePolicy({ sandbox: true }),
  );
  handler = createRouter([
    { prefix: '/sandbox', handler: simulator.handler, strip: true },
    { prefix: '/', handler: playground.handler },
  ]);
  playground.attach(engine);
  await watcher.start();

  return {
    url,
    simulator,
    playground,
    async stop() {
      playground.close();
      await watcher.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await stores.close();
    },
  };
}
