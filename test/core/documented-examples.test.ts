/**
 * Every documented example works against the sandbox (issue 13, defect 3): the README command
 * table's examples and each example `/ml help` shows, on Slack and on Discord (where help writes
 * them with named options, turned back into text here as the Discord adapter does), run through
 * the engine on the ModelsLab simulator. None may be refused as bad input. Help lists only what
 * exists on the platform, and the manifest's /ml usage hint names every /ml sub-command Slack has.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.ts';
import { commandsOn } from '../../src/core/admin/help.ts';
import { COMMANDS } from '../../src/core/registry/commands.ts';
import { makePolicy } from '../../src/core/shared/policy.ts';
import { silentLogger, systemClock } from '../../src/core/shared/ports.ts';
import type { Reply } from '../../src/core/shared/reply.ts';
import type { Actor, CommandName, Platform } from '../../src/core/shared/types.ts';
import { createStores } from '../../src/store/index.ts';
import { FAST_WATCHER, startLiveBilling, TEST_BILLING_PER_MIN } from '../support/live-billing.ts';
import { RecordingMessenger, textOf } from '../support/recording-messenger.ts';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const manifest = readFileSync(new URL('manifest.yml', root), 'utf8');

const TOP_LEVEL: Record<string, CommandName> = {
  '/ml-fund': 'fund',
  '/ml-subscribe': 'subscribe',
  '/ml-balance': 'balance',
  '/ml': 'ml',
};

interface Example {
  readonly platform: Platform;
  readonly line: string;
}

/** The `example` column of the README's command table; Discord-only rows run on Discord. */
function readmeExamples(): Example[] {
  const start = readme.indexOf('## Commands');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `') || l.startsWith('| —'))
    .map((row) => {
      const cells = row.split(/(?<!\\)\|/).map((c) => c.trim());
      const example = /`([^`]+)`/.exec(cells.at(-2) ?? '')?.[1] ?? '';
      return { platform: cells[1] === '—' ? 'discord' : 'slack', line: example };
    });
}

/** "/ml-fund amount:50 note:eval run" → "/ml-fund 50 eval run", as the Discord adapter joins options. */
function discordToTyped(line: string): string {
  const m = /^(\/ml-\S+)\s+(.*)$/.exec(line);
  if (!m) return line;
  const values = [...(m[2] ?? '').matchAll(/(\w+):(.*?)(?=\s+\w+:|$)/g)].map(([, name, value]) =>
    name === 'public' ? (value === 'True' ? 'public' : '') : (value ?? ''),
  );
  return [m[1], ...values.filter(Boolean)].join(' ');
}

async function sandboxBot() {
  const live = await startLiveBilling();
  const stores = await createStores('memory://', { clock: systemClock });
  const messengers = new Map<Platform, RecordingMessenger>([
    ['slack', new RecordingMessenger('slack')],
    ['discord', new RecordingMessenger('discord')],
  ]);
  const bot = createBot({
    billing: live.billing,
    stores,
    messengers,
    clock: systemClock,
    logger: silentLogger,
    policy: makePolicy({ sandbox: true, newRequestLimit: { count: 100, windowMs: 60_000 } }),
    billingPerMinute: TEST_BILLING_PER_MIN,
    watcherOptions: FAST_WATCHER,
  });
  let seq = 0;
  /** An approver who is also a Discord admin: approver-only examples are meant for them. */
  const actor = (platform: Platform): Actor => ({ platform, id: `${platform}-avery`, isApprover: true, isAdmin: true });
  /** Someone else's request is what an approver denies (nobody decides their own). */
  const member = (platform: Platform): Actor => ({ platform, id: `${platform}-riley`, isApprover: false });
  async function run(platform: Platform, typed: string, who = actor(platform)): Promise<Reply[]> {
    const m = /^(\/\S+)\s*([\s\S]*)$/.exec(typed.trim());
    const command = TOP_LEVEL[m?.[1] ?? ''];
    if (!command) throw new Error(`not a command: ${typed}`);
    const responder = messengers.get(platform)!.responder(who.id);
    await bot.engine.handle(
      {
        kind: 'command',
        command,
        text: m?.[2] ?? '',
        platform,
        eventId: `doc-${++seq}`,
        actor: who,
        conversation: { platform, channelId: 'C-general' },
        receivedAt: Date.now(),
      },
      responder,
    );
    return responder.replies;
  }
  /**
   * `/ml cancel <id>` and `/ml deny <id> [reason]` need a real request: open one (a member's, for
   * deny) and put its id in place of the example's.
   */
  async function withRealIds(platform: Platform, typed: string): Promise<string> {
    const deny = /^\/ml deny (\S+)/.exec(typed);
    if (deny) {
      await run(platform, '/ml-fund 10 to deny', member(platform));
      const [open] = (await stores.requests.listOpen()).filter((r) => r.platform === platform && r.note === 'to deny');
      return typed.replace(deny[1] ?? '', open?.id ?? 'missing');
    }
    if (!/^\/ml cancel /.test(typed)) return typed;
    await run(platform, '/ml-fund 10 to cancel');
    const [open] = (await stores.requests.listOpen()).filter((r) => r.platform === platform && r.note === 'to cancel');
    return typed.replace(/\S+$/, open?.id ?? 'missing');
  }
  async function close() {
    await bot.stop();
    await stores.close();
    await live.sim.stop();
  }
  return { run, withRealIds, close };
}

type SandboxBot = Awaited<ReturnType<typeof sandboxBot>>;
let sandbox: SandboxBot | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A refusal states a rule (warning/danger) or repeats the usage; a crash says "Something went wrong". */
function refused(replies: readonly Reply[]): string | undefined {
  const bad = replies.find(
    (r) => r.tone === 'warning' || r.tone === 'danger' || /Usage:|Something went wrong/.test(r.text),
  );
  return bad ? textOf(bad) : undefined;
}

async function expectAllWork(examples: readonly Example[]) {
  sandbox = await sandboxBot();
  expect(examples.length).toBeGreaterThan(8);
  for (const { platform, line } of examples) {
    const typed = await sandbox.withRealIds(platform, platform === 'discord' ? discordToTyped(line) : line);
    const replies = await sandbox.run(platform, typed);
    expect(replies.length, `${platform}: ${line} got no answer`).toBeGreaterThan(0);
    expect(refused(replies), `${platform}: ${line}`).toBeUndefined();
  }
}

async function helpExamples(platform: Platform): Promise<{ help: Reply; examples: Example[] }> {
  const probe = await sandboxBot();
  try {
    const [help] = await probe.run(platform, '/ml help');
    if (!help) throw new Error('no help');
    const examples = (help.fields ?? []).map((f) => ({
      platform,
      line: /e\.g\. (\/.+)$/.exec(f.value)?.[1] ?? `no example in ${f.value}`,
    }));
    return { help, examples };
  } finally {
    await probe.close();
  }
}

describe('documented examples run in the sandbox', () => {
  it('the README command table: every example', async () => {
    const examples = readmeExamples();
    expect(examples.map((e) => e.line)).toContain('/ml-subscribe Premium');
    await expectAllWork(examples);
  });

  it('/ml help on Slack: every example, and no Discord-only command or wording', async () => {
    const { help, examples } = await helpExamples('slack');
    expect(textOf(help)).not.toMatch(/\/ml panel|Manage Server/);
    await expectAllWork(examples);
  });

  it('/ml help on Discord: every example, written with options, as typed there', async () => {
    const { help, examples } = await helpExamples('discord');
    expect(textOf(help)).toContain('/ml panel');
    expect(examples.map((e) => e.line)).toContain('/ml-subscribe plan:Premium');
    await expectAllWork(examples);
  });

  it('the failing-plan refusal quotes an example that exists', async () => {
    sandbox = await sandboxBot();
    const [answer] = await sandbox.run('slack', '/ml-subscribe Pro');
    const example = /e\.g\. (\/ml-subscribe .+)$/.exec(answer?.text ?? '')?.[1] ?? '';
    expect(example).not.toBe('/ml-subscribe Pro');
    const replies = await sandbox.run('slack', example);
    expect(refused(replies)).toBeUndefined();
  });
});

describe('the Slack manifest', () => {
  it("the /ml usage hint names every /ml sub-command Slack has (cancel included), and the subscribe hint's example works", () => {
    const hint = /command: \/ml\n[\s\S]*?usage_hint: "([^"]+)"/.exec(manifest)?.[1] ?? '';
    const named = hint
      .replace(/\[[^\]]*\]/g, '')
      .split('|')
      .map((alt) => alt.trim().split(/\s+/)[0]);
    const onSlack = commandsOn(COMMANDS, 'slack')
      .filter((c) => c.usage.startsWith('/ml '))
      .map((c) => c.name);
    expect(onSlack).toContain('cancel');
    expect([...named].sort()).toEqual([...onSlack].sort());
    const subscribeHint = /command: \/ml-subscribe\n[\s\S]*?usage_hint: "([^"]+)"/.exec(manifest)?.[1] ?? '';
    expect(subscribeHint).toContain('e.g. Premium');
  });
});
