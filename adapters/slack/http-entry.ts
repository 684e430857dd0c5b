/**
 * HTTP mode's entry: the request handler the app mounts at `/slack/events`. It refuses while
 * the adapter is not up (503), refuses a timestamp from the future (guards.ts: Bolt checks only
 * the past side), and hands the rest to Bolt, which verifies the signature and dispatches.
 */
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../src/core/shared/ports.ts';
import type { HttpHandler } from '../../src/http/router.ts';
import { futureTimestamp } from './guards.ts';

export function slackRequestHandler(receiver: HTTPReceiver, ready: () => boolean, logger: Logger): HttpHandler {
  return (req, res) => {
    if (!ready()) {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('slack adapter starting');
      return;
    }
    // Date.now(), not the injected clock: the same wall clock Bolt checks the past side with.
    const ahead = futureTimestamp(req.headers['x-slack-request-timestamp'], Date.now());
    if (ahead) {
      logger.warn({ reason: ahead }, 'slack request refused: timestamp in the future');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request timestamp');
      return;
    }
    try {
      // Bolt reads the raw body, checks X-Slack-Signature and the 5-minute timestamp window
      // (401 otherwise), then dispatches and answers as soon as a listener acks.
      receiver.requestListener(req, res);
    } catch {
      // Not a POST to /slack/events: Bolt defers it to us.
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}

/**
 * OAuth mode's browser entry: GET /slack/install (Bolt's Add to Slack page, which also sets the
 * state cookie) and GET /slack/oauth_redirect (state checked against that cookie, the code
 * exchanged, the installation stored). Bolt's HTTPReceiver routes both by path.
 */
export function slackInstallHandler(receiver: HTTPReceiver, paths: readonly string[], logger: Logger): HttpHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'GET' || !paths.includes(path)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      receiver.requestListener(req, res);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), path }, 'slack install request not handled');
      if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };
}
