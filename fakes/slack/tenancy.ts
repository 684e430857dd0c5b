/**
 * The fake Slack's many workspaces: OAuth v2 (the authorize page a browser is sent to, codes,
 * oauth.v2.access with `code` or `grant_type=refresh_token`), one bot token per installed
 * workspace (an org-wide install's token serves every workspace of its enterprise), channels
 * that belong to one workspace (another workspace's token gets `channel_not_found`, as Slack
 * answers for a channel it cannot see), users who belong to one workspace (another workspace's
 * token gets `user_not_found`; a user never registered counts as a member of whichever workspace
 * asks, so single-workspace tests need no setup) with admin flags for users.info, DM channels
 * that belong to their user's workspace, and revocation
 * (an uninstalled workspace's tokens answer `token_revoked`).
 */

export interface OAuthAppOptions {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Who approves the next authorize request in the "browser", and what Slack grants. */
export interface InstallGrant {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  /** Org-wide (Enterprise Grid) install: no team, `is_enterprise_install: true`. */
  readonly orgWide?: boolean;
  readonly userId: string;
  /** Token rotation on: a refresh token and `expires_in` (seconds, default 43,200). */
  readonly rotate?: boolean;
  readonly expiresInSec?: number;
  /** The user also grants a user token. */
  readonly userToken?: boolean;
}

export interface TokenOwner {
  readonly token: string;
  readonly kind: 'bot' | 'user' | 'config';
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly orgWide: boolean;
  readonly userId: string;
  /** Epoch ms; undefined: never expires. */
  readonly expiresAt?: number;
  revoked: boolean;
}

export interface FakeUser {
  readonly teamId?: string;
  readonly admin?: boolean;
  readonly owner?: boolean;
  readonly primaryOwner?: boolean;
  /** users.info `locale` (answered only with `include_locale`, as Slack does); default "en-US". */
  readonly locale?: string;
}

interface PendingCode {
  readonly grant: InstallGrant;
  readonly redirectUri?: string;
  readonly scope: string;
  readonly at: number;
  used: boolean;
}

interface RefreshEntry {
  readonly grant: InstallGrant;
  readonly scope: string;
  used: boolean;
}

export type OAuthAnswer = { readonly status: number; readonly body: Record<string, unknown> };

export class FakeTenancy {
  readonly #tokens = new Map<string, TokenOwner>();
  readonly #channels = new Map<string, string>();
  readonly #users = new Map<string, FakeUser>();
  readonly #codes = new Map<string, PendingCode>();
  readonly #refresh = new Map<string, RefreshEntry>();
  readonly #teamEnterprise = new Map<string, string>();
  /** DM channel → its user (the DM is as visible as the user's workspace). */
  readonly #dms = new Map<string, string>();
  readonly #app: OAuthAppOptions | undefined;
  #next: InstallGrant | undefined;
  #n = 0;
  /** Authorize requests the "browser" made (query as sent). */
  readonly authorizeRequests: Array<Record<string, string>> = [];

  constructor(app: OAuthAppOptions | undefined) {
    this.#app = app;
  }

  /** The token the fake was started with (single-token tests): its workspace. */
  addToken(owner: Omit<TokenOwner, 'revoked'>): void {
    this.#tokens.set(owner.token, { ...owner, revoked: false });
    if (owner.teamId && owner.enterpriseId) this.#teamEnterprise.set(owner.teamId, owner.enterpriseId);
  }

  tokenOwner(token: string | undefined): TokenOwner | undefined {
    return token ? this.#tokens.get(token) : undefined;
  }

  /** Tokens issued to a workspace (for greps: they must not be in the bot's store or logs). */
  tokensOf(where: { teamId?: string; enterpriseId?: string }): TokenOwner[] {
    return [...this.#tokens.values()].filter(
      (t) =>
        (where.teamId && t.teamId === where.teamId) ||
        (where.enterpriseId && t.orgWide && t.enterpriseId === where.enterpriseId),
    );
  }

  /** A channel that lives in one workspace. */
  addChannel(teamId: string, channelId: string, enterpriseId?: string): void {
    this.#channels.set(channelId, teamId);
    if (enterpriseId) this.#teamEnterprise.set(teamId, enterpriseId);
  }

  setUser(userId: string, user: FakeUser): void {
    this.#users.set(userId, user);
  }

  user(userId: string): FakeUser | undefined {
    return this.#users.get(userId);
  }

  /** A DM channel conversations.open gave for `userId`. */
  addDm(channelId: string, userId: string): void {
    this.#dms.set(channelId, userId);
  }

  /**
   * Whether `caller` may see `channel`: a registered channel, or the DM of a user registered to
   * a workspace, only from that workspace; everything else is visible to everyone.
   */
  canSee(caller: TokenOwner, channel: string): boolean {
    const dmUser = this.#dms.get(channel);
    const team = this.#channels.get(channel) ?? (dmUser ? this.#users.get(dmUser)?.teamId : undefined);
    return team === undefined || this.#inWorkspaceOf(caller, team);
  }

  /** Whether `caller`'s token sees `userId`: a user registered to a workspace, only from it. */
  canSeeUser(caller: TokenOwner | undefined, userId: string): boolean {
    const team = this.#users.get(userId)?.teamId;
    return team === undefined || caller === undefined || this.#inWorkspaceOf(caller, team);
  }

  /** The enterprise a workspace belongs to (Enterprise Grid), if any. */
  enterpriseOf(teamId: string | undefined): string | undefined {
    return teamId ? this.#teamEnterprise.get(teamId) : undefined;
  }

  #inWorkspaceOf(caller: TokenOwner, team: string): boolean {
    if (caller.orgWide) return this.#teamEnterprise.get(team) === caller.enterpriseId;
    return team === caller.teamId;
  }

  /** The next authorize request is approved as `grant` (the person signed in to Slack). */
  approveNextAs(grant: InstallGrant): void {
    this.#next = grant;
  }

  /** GET /oauth/v2/authorize: 302 back to the redirect URI with a code (or `error=access_denied`). */
  authorize(query: URLSearchParams): { status: number; location?: string; body?: string } {
    this.authorizeRequests.push(Object.fromEntries(query));
    if (!this.#app || query.get('client_id') !== this.#app.clientId) return { status: 400, body: 'invalid_client_id' };
    const redirect = query.get('redirect_uri') ?? undefined;
    const back = new URL(redirect ?? 'http://no-redirect-configured/');
    const state = query.get('state');
    if (state) back.searchParams.set('state', state);
    const grant = this.#next;
    this.#next = undefined;
    if (!grant) {
      back.searchParams.set('error', 'access_denied');
      return { status: 302, location: back.toString() };
    }
    const code = `code-${++this.#n}-${Math.random().toString(36).slice(2)}`;
    this.#codes.set(code, {
      grant,
      ...(redirect ? { redirectUri: redirect } : {}),
      scope: query.get('scope') ?? '',
      at: Date.now(),
      used: false,
    });
    back.searchParams.set('code', code);
    return { status: 302, location: back.toString() };
  }

  /** oauth.v2.access: a code for an installation, or a refresh token for new tokens. */
  access(p: Record<string, unknown>): Record<string, unknown> {
    if (!this.#app || p.client_id !== this.#app.clientId || p.client_secret !== this.#app.clientSecret)
      return { ok: false, error: 'invalid_client_id' };
    if (p.grant_type === 'refresh_token') {
      const entry = this.#refresh.get(String(p.refresh_token));
      if (!entry || entry.used) return { ok: false, error: 'invalid_refresh_token' };
      entry.used = true;
      // Slack's rotated tokens live 12 hours, whatever the first one was given.
      const { expiresInSec: _first, ...grant } = entry.grant;
      return this.#issue(grant, entry.scope);
    }
    const pending = this.#codes.get(String(p.code));
    if (!pending || pending.used || Date.now() - pending.at > 10 * 60_000) return { ok: false, error: 'invalid_code' };
    if (pending.redirectUri !== undefined && p.redirect_uri !== undefined && p.redirect_uri !== pending.redirectUri)
      return { ok: false, error: 'bad_redirect_uri' };
    pending.used = true;
    return this.#issue(pending.grant, pending.scope);
  }

  #issue(grant: InstallGrant, scope: string): Record<string, unknown> {
    const n = ++this.#n;
    const home = grant.orgWide ? grant.enterpriseId : grant.teamId;
    const expiresIn = grant.expiresInSec ?? 43_200;
    const botToken = grant.rotate ? `xoxe.xoxb-${home}-${n}` : `xoxb-${home}-${n}`;
    const base = {
      ...(grant.orgWide ? {} : grant.teamId ? { teamId: grant.teamId } : {}),
      ...(grant.enterpriseId ? { enterpriseId: grant.enterpriseId } : {}),
      orgWide: grant.orgWide === true,
      userId: grant.userId,
    };
    this.addToken({
      token: botToken,
      kind: 'bot',
      ...base,
      ...(grant.rotate ? { expiresAt: Date.now() + expiresIn * 1000 } : {}),
    });
    let refreshToken: string | undefined;
    if (grant.rotate) {
      refreshToken = `xoxe-1-${home}-${n}-${Math.random().toString(36).slice(2)}`;
      this.#refresh.set(refreshToken, { grant, scope, used: false });
    }
    const userToken = grant.userToken ? `xoxp-${home}-${n}` : undefined;
    if (userToken) this.addToken({ token: userToken, kind: 'user', ...base });
    return {
      app_id: 'A0FAKE',
      authed_user: {
        id: grant.userId,
        ...(userToken ? { scope: 'identify', access_token: userToken, token_type: 'user' } : {}),
      },
      scope,
      token_type: 'bot',
      access_token: botToken,
      bot_user_id: `U0BOT${home}`,
      team: grant.orgWide ? null : { id: grant.teamId, name: `Team ${grant.teamId}` },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: `Org ${grant.enterpriseId}` } : null,
      is_enterprise_install: grant.orgWide === true,
      ...(refreshToken ? { refresh_token: refreshToken, expires_in: expiresIn } : {}),
    };
  }

  /** The workspace removed the app: every token it held stops working. */
  revoke(where: { teamId?: string; enterpriseId?: string }): void {
    for (const t of this.tokensOf(where)) t.revoked = true;
  }

  /** Make a rotating token expire soon (Bolt refreshes tokens expiring within 2 hours). */
  expireSoon(token: string): void {
    const t = this.#tokens.get(token);
    if (t) this.#tokens.set(token, { ...t, expiresAt: Date.now() + 60_000 });
  }
}
