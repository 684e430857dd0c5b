/**
 * Who may talk to the bot over Slack, checked before anything reaches the engine.
 *
 * Request age: Bolt's HTTPReceiver verifies X-Slack-Signature and refuses a timestamp more than
 * five minutes in the past, but not one in the future (@slack/bolt 5.1, verify-request.js only
 * compares against "five minutes ago"). A signed request stamped 30 minutes ahead would then
 * stay acceptable for 35 minutes, long after our 10-minute dedupe window forgot its trigger id,
 * so it could be replayed. `futureTimestamp` closes that side: more than five minutes ahead is
 * refused (401) before Bolt sees the request. Socket Mode has no signature or timestamp at all:
 * the WebSocket, opened with the app-level token, is the authentication, so there is nothing to
 * check there.
 *
 * Workspace: a validly signed payload still says which team (and Enterprise Grid org) it came
 * from. The bot serves one workspace (single-tenant mode), learnt from auth.test at start; a
 * command or click from any other team or enterprise is refused with no effect. This is one
 * `ServedWorkspace` compared by `servesPayload`, so many tenants later means a set of them.
 */

/** How far a request timestamp may run ahead of our clock: the same five minutes Slack allows behind. */
export const MAX_FUTURE_SKEW_SEC = 5 * 60;

/**
 * The reason to refuse a request stamped too far in the future, or undefined when it may go on
 * to Bolt (which checks the signature and the past side). A missing or malformed header is left
 * to Bolt, which refuses it.
 */
export function futureTimestamp(header: string | string[] | undefined, nowMs: number): string | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  const aheadSec = Number(raw) - Math.floor(nowMs / 1000);
  return aheadSec > MAX_FUTURE_SKEW_SEC ? `x-slack-request-timestamp is ${aheadSec} s in the future` : undefined;
}

/** The workspace this bot serves, from auth.test. */
export interface ServedWorkspace {
  readonly teamId: string;
  /** Set when the workspace belongs to an Enterprise Grid org. */
  readonly enterpriseId?: string;
}

/** From an auth.test answer; undefined when it names no team (then nothing is served). */
export function servedWorkspaceOf(authTest: {
  readonly team_id?: string;
  readonly enterprise_id?: string;
}): ServedWorkspace | undefined {
  if (!authTest.team_id) return undefined;
  return { teamId: authTest.team_id, ...(authTest.enterprise_id ? { enterpriseId: authTest.enterprise_id } : {}) };
}

/** Where a payload says it came from (Bolt's context.teamId / context.enterpriseId). */
export interface PayloadOrigin {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
}

/**
 * True when the payload comes from the served workspace: the team must match, and an enterprise,
 * when the payload names one, must be ours too. An org-wide payload with no team is accepted
 * only from our own enterprise. Unknown workspace (auth.test not answered yet): refused.
 */
export function servesPayload(served: ServedWorkspace | undefined, origin: PayloadOrigin): boolean {
  if (!served) return false;
  if (origin.enterpriseId !== undefined && origin.enterpriseId !== served.enterpriseId) return false;
  if (origin.teamId !== undefined) return origin.teamId === served.teamId;
  return served.enterpriseId !== undefined && origin.enterpriseId === served.enterpriseId;
}
