/**
 * The parent's handle on an ack-server.ts child: fork it, wait for its URL, ask it to start and
 * report a measurement, wait until it is idle, stop it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  AckServerKind,
  AckServerMessage,
  AckServerRequest,
  ServerMeasurement,
  SlackActivity,
} from './ack-server.ts';

const SERVER_FILE = fileURLToPath(new URL('./ack-server.ts', import.meta.url));

export interface ServerProcess {
  readonly kind: AckServerKind;
  readonly url: string;
  readonly pid: number;
  measure(): Promise<void>;
  report(): Promise<ServerMeasurement>;
  /** The app: no Slack event is still being handled after its ack. */
  idle(): Promise<void>;
  /** The fake Slack: what it was sent so far. */
  activity(): Promise<SlackActivity>;
  stop(): Promise<void>;
}

export async function startServerProcess(
  kind: AckServerKind,
  apiUrl = '',
  secret = '',
  options: { readonly nodeFlags?: readonly string[]; readonly storeUrl?: string } = {},
): Promise<ServerProcess> {
  const args = [kind, apiUrl, secret, ...(options.storeUrl ? [options.storeUrl] : [])];
  const child: ChildProcess = fork(SERVER_FILE, args, {
    execPath: process.execPath,
    execArgv: [...(options.nodeFlags ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, (message: AckServerMessage & { type: 'answer' }) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`ack-server ${kind} exited with ${code} before it was ready`)));
    child.on('message', (message: AckServerMessage) => {
      if (message.type === 'ready') resolve(message.url);
      else waiting.get(message.id)?.(message);
    });
  });
  child.removeAllListeners('exit');

  const ask = (type: AckServerRequest['type']) =>
    new Promise<AckServerMessage & { type: 'answer' }>((resolve) => {
      const id = nextId++;
      waiting.set(id, (answer) => {
        waiting.delete(id);
        resolve(answer);
      });
      child.send({ id, type } satisfies AckServerRequest);
    });

  return {
    kind,
    url,
    pid: child.pid ?? -1,
    measure: async () => {
      await ask('measure');
    },
    report: async () => {
      const { measurement } = await ask('report');
      if (!measurement) throw new Error(`ack-server ${kind} sent no measurement`);
      return measurement;
    },
    idle: async () => {
      await ask('idle');
    },
    activity: async () => {
      const { activity } = await ask('activity');
      if (!activity) throw new Error(`ack-server ${kind} is not the fake Slack`);
      return activity;
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('stop');
      await exited;
    },
  };
}
