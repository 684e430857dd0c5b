/**
 * manifest.yml and the code agree: the commands Slack will send are the ones the adapter
 * routes, every request URL is the one endpoint the app serves, and the bot asks for the scopes
 * the code uses and no more. (No YAML library is installed; the manifest is simple enough to
 * read line by line.)
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../adapters/slack/index.ts';
import { COMMANDS } from '../../adapters/slack/normalize.ts';
import { SHORTCUTS } from '../../adapters/slack/shortcuts.ts';

const manifest = readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8');
const lines = manifest.split('\n').filter((l) => !l.trimStart().startsWith('#'));
const values = (key: string) =>
  lines.map((l) => new RegExp(`^\\s*-?\\s*${key}:\\s*(\\S+)`).exec(l)?.[1]).filter((v): v is string => !!v);

it('declares exactly the slash commands the adapter handles, each with a usage hint', () => {
  expect(values('command').sort()).toEqual(Object.keys(COMMANDS).sort());
  expect(values('usage_hint')).toHaveLength(Object.keys(COMMANDS).length);
});

it('points every request URL at /slack/events', () => {
  const urls = [...values('url'), ...values('request_url')];
  expect(urls).toHaveLength(Object.keys(COMMANDS).length + 2);
  for (const u of urls) expect(u).toBe('https://YOUR-HOST/slack/events');
});

it('asks for the bot scopes the code uses and no more', () => {
  const start = lines.findIndex((l) => /^\s+bot:\s*$/.test(l));
  const scopes: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^\s+-\s+(\S+)/.exec(l);
    if (!m?.[1]) break;
    scopes.push(m[1]);
  }
  expect(scopes.sort()).toEqual([
    'channels:history',
    'channels:read',
    'chat:write',
    'commands',
    'files:write',
    'groups:history',
    'groups:read',
    'im:history',
    'im:read',
    'im:write',
    'mpim:history',
    'mpim:read',
    'usergroups:read',
    'users:read',
  ]);
  // An OAuth install asks for the same scopes the manifest declares.
  expect([...SLACK_BOT_SCOPES].sort()).toEqual(scopes.sort());
});

it('enables the Home tab, its event, interactivity, and HTTP mode by default', () => {
  expect(manifest).toMatch(/home_tab_enabled: true/);
  expect(manifest).toMatch(/bot_events:\s*\n\s+- app_home_opened/);
  expect(manifest).toMatch(/interactivity:\s*\n\s+is_enabled: true/);
  expect(manifest).toMatch(/socket_mode_enabled: false/);
});

it('advertises in the /ml usage hint only subcommands the engine has, and the everyday ones', async () => {
  const { findCommand } = await import('../../src/core/registry/commands.ts');
  const hint = /command: \/ml\n[\s\S]*?usage_hint: "([^"]+)"/.exec(manifest)?.[1] ?? '';
  // Top-level alternatives only: `[credit|debit]` is one subcommand's argument.
  const topLevel = hint.replace(/\[[^\]]*\]/g, '').split('|');
  const subcommands = topLevel.map((alt) => alt.trim().split(/\s+/)[0] ?? '');
  for (const sub of subcommands) expect(findCommand(sub), `/ml ${sub}`).toBeDefined();
  expect(subcommands).toEqual(
    expect.arrayContaining(['status', 'transactions', 'invoices', 'coupon', 'autorecharge', 'audit']),
  );
  // Slack refuses a usage hint over 1,000 characters when the manifest is saved.
  expect(hint.length).toBeLessThanOrEqual(1000);
});

it('has the OAuth redirect URL and the uninstall events many workspaces need', () => {
  expect(manifest).toMatch(/redirect_urls:\s*\n\s+- https:\/\/YOUR-HOST\/slack\/oauth_redirect/);
  const events = /bot_events:\s*\n((?:\s+- \S+.*\n)+)/.exec(manifest)?.[1] ?? '';
  const names = [...events.matchAll(/- (\S+)/g)].map((m) => m[1]);
  expect(names).toEqual(['app_home_opened', 'app_uninstalled', 'tokens_revoked']);
});

it('declares the two shortcuts the adapter listens for, global and message, each with a description', () => {
  expect(values('callback_id').sort()).toEqual(Object.keys(SHORTCUTS).sort());
  const block = /shortcuts:\s*\n((?:\s{4}[- ]\s*\S.*\n)+)/.exec(manifest)?.[1] ?? '';
  const types = [...block.matchAll(/type: (\S+)/g)].map((m) => m[1]);
  expect(types).toEqual(Object.values(SHORTCUTS));
  expect([...block.matchAll(/description: /g)]).toHaveLength(2);
  expect(block).toMatch(/name: Fund ModelsLab\n/);
  expect(block).toMatch(/name: Fund from this message\n/);
});
