/**
 * compose.yaml, deploy/nginx.conf and deploy/mlbot.env.example, checked without Docker (the
 * build machines have none): the invariants two replicas behind one port depend on, and that the
 * example environment names only what src/config.ts reads, so it cannot drift from the app.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { arg, type Directive, findAll, parseNginxConf } from './nginx-conf.ts';
import { parseYamlSubset, type YamlValue } from './yaml-subset.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type YMap = { [key: string]: YamlValue };
const asMap = (v: YamlValue | undefined): YMap => {
  if (v === undefined || typeof v === 'string' || Array.isArray(v)) throw new Error(`expected a map, got ${v}`);
  return v;
};
const asList = (v: YamlValue | undefined): YamlValue[] => {
  if (!Array.isArray(v)) throw new Error(`expected a list, got ${JSON.stringify(v)}`);
  return v;
};

const compose = asMap(parseYamlSubset(read('compose.yaml')));
const services = asMap(compose.services);
const replicaNames = Object.keys(services).filter((name) => asMap(services[name]).build !== undefined);
const replicas: Array<YMap & { name: string }> = replicaNames.map((name) => ({ ...asMap(services[name]), name }));
const envOf = (replica: YMap) => asMap(replica.environment) as Record<string, string>;

const nginx = parseNginxConf(read('deploy/nginx.conf'));
const locations = findAll(nginx, 'location');
const location = (path: string): Directive => {
  const found = locations.find((l) => l.args.at(-1) === path);
  if (!found) throw new Error(`deploy/nginx.conf has no location for ${path}`);
  return found;
};
const upstreams = new Map(findAll(nginx, 'upstream').map((u) => [u.args[0]!, u]));
const upstreamOf = (path: string) => arg(location(path), 'proxy_pass')?.[0]?.replace(/^http:\/\//, '');

// ------------------------------------------------------------------ what config.ts reads
const configSource = read('src/config.ts');
const schemaBody = configSource.slice(
  configSource.indexOf('const EnvSchema = z.object({'),
  configSource.indexOf('\n});', configSource.indexOf('const EnvSchema')),
);
const CONFIG_NAMES = new Set([
  ...[...schemaBody.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!),
  ...[...configSource.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!),
]);
/**
 * The workspaces variables COMMON to issue 15, which src/config.ts gains with the runtime's part
 * of it. Excused only while config.ts does not read MLBOT_TENANCY: once it does, every one of
 * them must be read too (a rename there fails here).
 */
const WORKSPACES_NAMES = [
  'MLBOT_TENANCY',
  'SECRETS_KEY',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
];
const workspacesLanded = CONFIG_NAMES.has('MLBOT_TENANCY');
const knownNames = new Set([...CONFIG_NAMES, ...(workspacesLanded ? [] : WORKSPACES_NAMES)]);

// ------------------------------------------------------------------ the example environment
const exampleLines = read('deploy/mlbot.env.example').split('\n');
const example = exampleLines
  .map((line, index) => ({ index, m: /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line) }))
  .filter((x) => x.m)
  .map(({ index, m }) => ({ index, name: m![1]!, value: m![2]! }));
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD/;
/** Set per replica in compose.yaml, so the example must not suggest them. */
const SET_BY_COMPOSE = ['STORE_URL', 'MLBOT_TENANCY', 'HOST', 'PORT', 'INSTANCE_ID', 'DISCORD_GATEWAY'];

describe('compose.yaml', () => {
  it('stays plain YAML that this reader can check', () => {
    expect(Object.keys(services).sort()).toEqual(['mlbot-a', 'mlbot-b', 'proxy', 'redis']);
  });

  it('runs two replicas of the image built from the Dockerfile, on one Redis, in workspaces mode', () => {
    expect(replicaNames).toEqual(['mlbot-a', 'mlbot-b']);
    for (const r of replicas) {
      expect(r.build, r.name).toBe('.');
      expect(envOf(r).STORE_URL, r.name).toBe('redis://redis:6379');
      expect(envOf(r).MLBOT_TENANCY, r.name).toBe('workspaces');
      expect(envOf(r).HOST, r.name).toBe('0.0.0.0');
      expect(asMap(r.depends_on).redis, r.name).toEqual({ condition: 'service_healthy' });
    }
    expect(new Set(replicas.map((r) => r.image)).size).toBe(1);
    // Two processes under one name would renew each other's checkout leases.
    const ids = replicas.map((r) => envOf(r).INSTANCE_ID);
    expect(new Set(ids).size).toBe(2);
  });

  it('gives both replicas their secrets from the one env file, never inline', () => {
    const files = replicas.map((r) => JSON.stringify(r.env_file));
    expect(new Set(files).size).toBe(1);
    expect(asList(replicas[0]!.env_file)).toEqual(['.env']);
    for (const r of replicas)
      for (const [name, value] of Object.entries(envOf(r)))
        if (SECRET_NAME.test(name))
          expect({ replica: r.name, name, value }).toEqual({ replica: r.name, name, value: '' });
    // Both read SECRETS_KEY, SLACK_STATE_SECRET, DISCORD_TOKEN and the rest from .env: the only
    // differences between them are the instance name and the Discord gateway switch.
    const [a, b] = replicas.map(envOf) as [Record<string, string>, Record<string, string>];
    const differing = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
    expect(differing).toEqual(['DISCORD_GATEWAY', 'INSTANCE_ID']);
  });

  it('lets exactly one replica hold the Discord gateway, and gives both the bot token for REST (the config the app reads proves it)', () => {
    // What .env would hold for Discord (Slack left out: this is about the Discord switch).
    const fromEnvFile = {
      SECRETS_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      PUBLIC_URL: 'https://mlbot.example.com',
      MODELSLAB_API_URL: 'https://modelslab.com/api/agents/v1',
      DISCORD_TOKEN: 'discord-token-for-test',
      DISCORD_APPLICATION_ID: '123456789012345678',
      PLAYGROUND: 'off',
    };
    const discord = replicas.map((r) => loadConfig({ ...fromEnvFile, ...envOf(r) }).discord);
    // Both post receipts, card edits and DMs (each replica's watcher confirms payments)...
    expect(discord.map((d) => d?.token)).toEqual(['discord-token-for-test', 'discord-token-for-test']);
    // ...and one gateway session receives the interactions.
    expect(discord.map((d) => d?.gateway)).toEqual([true, false]);
  });

  it('keeps Redis data on a volume, appending every write, never evicting', () => {
    const redis = asMap(services.redis);
    const command = asList(redis.command).join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync (always|everysec)\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    const [volume] = asList(redis.volumes) as string[];
    expect(volume).toMatch(/^[\w-]+:\/data$/);
    expect(Object.keys(asMap(compose.volumes))).toContain(volume!.split(':')[0]);
    expect(asList(asMap(redis.healthcheck).test)).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('health-checks every replica on /healthz and publishes one port, the proxy’s', () => {
    for (const r of replicas) {
      expect(asList(asMap(r.healthcheck).test).join(' '), r.name).toContain('/healthz');
      expect(r.ports, `${r.name} must be reached through the proxy only`).toBeUndefined();
    }
    const proxy = asMap(services.proxy);
    expect(asList(proxy.ports)).toHaveLength(1);
    expect(asList(proxy.volumes)).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(Object.keys(asMap(proxy.depends_on)).sort()).toEqual(replicaNames);
    expect(services.redis && asMap(services.redis).ports).toBeUndefined();
  });
});

describe('deploy/nginx.conf', () => {
  it('balances Slack, the OAuth flow, pay links and /healthz over both replicas, on one origin', () => {
    const servers = findAll(nginx, 'server').filter((s) => s.children);
    expect(servers).toHaveLength(1);
    const main = upstreams.get('mlbot');
    expect(findAll(main?.children ?? [], 'server').map((s) => s.args[0])).toEqual(replicaNames.map((n) => `${n}:3000`));
    for (const path of ['/slack/events', '/slack/install', '/slack/oauth_redirect', '/pay/', '/healthz'])
      expect({ path, upstream: upstreamOf(path) }).toEqual({ path, upstream: 'mlbot' });
  });

  it('never sends a Slack POST that reached one replica to the other, and does not buffer it', () => {
    const events = location('/slack/events');
    expect(arg(events, 'proxy_request_buffering')).toEqual(['off']);
    expect(arg(events, 'proxy_buffering')).toEqual(['off']);
    // `error` alone retries only a request nginx could not hand over; `timeout`, `http_5xx` or
    // `non_idempotent` would resend one the first replica may have handled.
    const next = arg(events, 'proxy_next_upstream');
    expect(next === undefined ? 'inherited' : next.every((c) => c === 'off' || c === 'error')).toBe(true);
    for (const d of findAll(nginx, 'proxy_next_upstream')) expect(d.args).not.toContain('non_idempotent');
    // Slack's one-time OAuth code is exchanged once.
    expect(arg(location('/slack/oauth_redirect'), 'proxy_next_upstream')).toEqual(['off']);
  });

  it('streams the playground’s Server-Sent Events unbuffered, from the one replica that holds them', () => {
    const sse = location('/play/events');
    expect(arg(sse, 'proxy_buffering')).toEqual(['off']);
    const timeout = arg(sse, 'proxy_read_timeout')?.[0] ?? '60s';
    expect(/^\d+h$/.test(timeout) || Number.parseInt(timeout, 10) >= 600).toBe(true);
    const pinned = upstreams.get(upstreamOf('/play/events') ?? '');
    expect(findAll(pinned?.children ?? [], 'server')).toHaveLength(1);
    expect(upstreamOf('/play/')).toBe(upstreamOf('/play/events'));
    // The app really serves the stream at that path.
    expect(read('adapters/web/http.ts')).toContain("'GET /play/events'");
  });

  it('passes X-Forwarded-For, -Proto and -Host and the Host header', () => {
    const headers = findAll(nginx, 'proxy_set_header').map((d) => d.args[0]);
    for (const h of ['Host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host']) expect(headers).toContain(h);
  });

  it('keeps /metrics off the public port', () => {
    expect(arg(location('/metrics'), 'proxy_pass')).toBeUndefined();
    expect(arg(location('/metrics'), 'return')).toEqual(['404']);
  });

  it('logs no query string (OAuth code) and no pay token', () => {
    const format = findAll(nginx, 'log_format')
      .flatMap((d) => d.args)
      .join(' ');
    expect(format).not.toMatch(/\$(request|request_uri|args|query_string|http_referer)\b/);
    const logMap = findAll(nginx, 'map').find((m) => m.args[0] === '$uri');
    expect(logMap?.children?.find((c) => c.name === '~^/pay/')?.args).toEqual(['/pay/[redacted]']);
    expect(format).toContain(`$${logMap?.args[1]?.replace(/^\$/, '')}`);
    // nginx's error lines quote the request line; only `crit` and above are written.
    expect(findAll(nginx, 'error_log')[0]?.args.at(-1)).toMatch(/^(crit|alert|emerg)$/);
  });
});

describe('deploy/mlbot.env.example', () => {
  it('names only variables src/config.ts reads', () => {
    expect(CONFIG_NAMES.size).toBeGreaterThan(20);
    const unknown = example.map((v) => v.name).filter((name) => !knownNames.has(name));
    expect(unknown, 'names src/config.ts does not read').toEqual([]);
    if (!workspacesLanded)
      console.warn(
        `compose test: src/config.ts does not read ${WORKSPACES_NAMES.join(', ')} yet; excused until it does`,
      );
  });

  it('explains every variable the app reads, except those compose.yaml sets per replica', () => {
    const named = new Set(example.map((v) => v.name));
    const missing = [...knownNames].filter((n) => !named.has(n) && !SET_BY_COMPOSE.includes(n));
    expect(missing, 'add these to deploy/mlbot.env.example with a comment').toEqual([]);
    for (const n of SET_BY_COMPOSE) expect(named.has(n), `${n} is set by compose.yaml`).toBe(false);
    for (const v of example) {
      let i = v.index - 1;
      while (i >= 0 && /^[A-Z][A-Z0-9_]*=/.test(exampleLines[i]!)) i--;
      expect({ name: v.name, explained: exampleLines[i]?.startsWith('#') }).toEqual({ name: v.name, explained: true });
    }
  });

  it('holds no secret value', () => {
    const filled = example.filter((v) => SECRET_NAME.test(v.name) && v.value.trim() !== '');
    expect(filled).toEqual([]);
    expect(example.find((v) => v.name === 'PLAYGROUND')?.value).toBe('off');
  });

  it('points at the real ModelsLab: the sandbox simulator lives in one process and cannot span two', () => {
    expect(example.find((v) => v.name === 'MODELSLAB_API_URL')?.value).toMatch(/^https:\/\//);
    expect(example.find((v) => v.name === 'MODELSLAB_TOKEN')?.value).toBe('');
  });

  it('is the only env file in deploy/ (the filled-in one lives in the gitignored .env)', () => {
    const files = readdirSync(join(root, 'deploy')).filter((f) => statSync(join(root, 'deploy', f)).isFile());
    expect(files.filter((f) => /env/.test(f))).toEqual(['mlbot.env.example']);
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });
});
