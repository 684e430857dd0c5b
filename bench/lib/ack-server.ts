/**
 * One server for bench/ack.ts, alone in its own process: the real app (engine, sqlite store,
 * watcher, sandbox simulator), a bare Bolt app that only acks, or the fake Slack both post to.
 * The load generator is the parent, so what a server process measures (event-loop delay, CPU)
 * is its own, and the fake Slack answering the app's card posts does not delay the load
 * generator's reading of acks. Talks to the parent over IPC (see AckServerMessage).
 *
 *   forked by bench/ack.ts as: ack-server.ts <app|bare> <fake Slack API url> <signing secret> [STORE_URL]
 *                          or: ack-server.ts slack
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFakeSlack } from '../../fakes/slack/fake-slack.ts';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/ops/index.ts';
import { startBareBolt } from './bare-bolt.ts';

export type AckServerKind = 'app' | 'bare' | 'slack';

/** Parent → server. */
export type AckServerRequest =
  | { readonly id: number; readonly type: 'measure' }
  | { readonly id: number; readonly type: 'report' }
  | { readonly id: number; readonly type: 'idle' }
  | { readonly id: number; readonly type: 'activity' }
  | { readonly id: number; readonly type: 'stop' };

/** What the server saw between `measure` and `report`. */
export interface ServerMeasurement {
  readonly loopDelayP50Ms: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** User + system CPU of this process, every thread (libuv's sqlite workers included). */
  readonly cpuMs: number;
  /** V8 heap in use when the report was taken. */
  readonly heapUsedMb: number;
}

/** Server → parent: `ready` once listening, then one answer per request id. */
export type AckServerMessage =
  | { readonly type: 'ready'; readonly url: string }
  | {
      readonly type: 'answer';
      readonly id: number;
      readonly measurement?: ServerMeasurement;
      readonly activity?: SlackActivity;
    };

/** What the fake Slack was sent so far. */
export interface SlackActivity {
  /** Web API calls plus response_url posts. */
  readonly total: number;
  readonly cards: number;
}

const [kind, apiUrl, secret, storeUrl] = process.argv.slice(2) as [AckServerKind, string, string, string?];
const send = (message: AckServerMessage) => process.send?.(message);

const dataDir = await mkdtemp(join(tmpdir(), 'mlbot-bench-ack-'));
interface Served {
  readonly url: string;
  idle?(): Promise<void>;
  activity?(): SlackActivity;
  stop(): Promise<void>;
}
const server: Served =
  kind === 'app' ? await startRealApp() : kind === 'bare' ? await startBareBolt(secret, apiUrl) : await startSlack();

async function startSlack(): Promise<Served> {
  const fake = await startFakeSlack({ botToken: 'xoxb-bench' });
  return {
    url: fake.url,
    activity: () => ({
      total: fake.calls().length + fake.responses().length,
      cards: fake.calls('chat.postMessage').length,
    }),
    stop: () => fake.stop(),
  };
}

async function startRealApp(): Promise<Served> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PLAYGROUND: 'off',
    STORE_URL: storeUrl ?? `sqlite://${join(dataDir, 'ack.sqlite')}`,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: apiUrl,
    LOG_LEVEL: 'silent',
    REQUESTS_PER_MINUTE: '1000',
  });
  const app = await startApp(config, { logger: createLogger({ level: 'silent', pretty: false }) });
  return {
    url: `${app.url}/slack/events`,
    idle: () => app.slack?.idle() ?? Promise.resolve(),
    stop: () => app.stop(),
  };
}

let loop = monitorEventLoopDelay({ resolution: 1 });
let cpuBefore = process.cpuUsage();

process.on('message', (request: AckServerRequest) => {
  if (request.type === 'activity') {
    const activity = server.activity?.();
    send({ type: 'answer', id: request.id, ...(activity ? { activity } : {}) });
    return;
  }
  void answer(request).then((measurement) =>
    send({ type: 'answer', id: request.id, ...(measurement ? { measurement } : {}) }),
  );
});

async function answer(
  request: Exclude<AckServerRequest, { type: 'activity' }>,
): Promise<ServerMeasurement | undefined> {
  switch (request.type) {
    case 'measure':
      loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      cpuBefore = process.cpuUsage();
      return undefined;
    case 'report': {
      loop.disable();
      const cpu = process.cpuUsage(cpuBefore);
      return {
        loopDelayP50Ms: loop.percentile(50) / 1e6,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        loopDelayMaxMs: loop.max / 1e6,
        cpuMs: (cpu.user + cpu.system) / 1000,
        heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
      };
    }
    case 'idle':
      await server.idle?.();
      return undefined;
    case 'stop':
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      // Answer first, then leave: the parent waits for the answer.
      setTimeout(() => process.exit(0), 50);
      return undefined;
  }
}

send({ type: 'ready', url: server.url });
