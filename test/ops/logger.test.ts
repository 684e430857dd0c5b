import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactPaths } from '../../src/ops/logger.ts';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
  };
}

const URL = 'http://127.0.0.1:3000/sandbox/checkout/cs_test_a1b2c3';

describe('createLogger', () => {
  it('writes JSON lines with level labels and the message', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.stream });
    log.info({ requestId: 'req_1' }, 'request created');
    log.debug('not shown at info');
    const [line, ...rest] = out.lines();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ level: 'info', msg: 'request created', requestId: 'req_1', service: 'mlbot' });
  });

  it('redacts the tracked pay link and its token on a logged request', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.stream });
    const token = 'k7m2p9x4q8r3t6w2y5z8b3c6d9f2g5h8';
    log.info(
      {
        request: { id: 'req_1', attempts: [{ n: 1, payToken: token, payLinkUrl: `https://bot.example/pay/${token}` }] },
      },
      'a request',
    );
    expect(out.text()).not.toContain(token);
  });

  it('redacts tokens, signing secrets, auth headers and payment URLs wherever they sit', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.stream });
    log.info(
      {
        token: 'sandbox-token',
        config: { slackBotToken: 'xoxb-123', slackSigningSecret: 'shh', discordToken: 'disc.tok' },
        req: { headers: { authorization: 'Bearer ml-secret', 'x-slack-signature': 'v0=abc' } },
        paymentUrl: URL,
        link: { payment_url: URL, sessionId: 'cs_test_a1b2c3' },
        request: {
          id: 'req_1',
          attempts: [
            { n: 1, paymentUrl: URL },
            { n: 2, paymentUrl: URL },
          ],
        },
      },
      'everything at once',
    );
    const text = out.text();
    for (const secret of ['sandbox-token', 'xoxb-123', 'shh', 'disc.tok', 'ml-secret', 'v0=abc', 'checkout/cs_test']) {
      expect(text).not.toContain(secret);
    }
    const [line] = out.lines();
    expect(line.config.slackBotToken).toBe(REDACTED);
    expect(line.req.headers.authorization).toBe(REDACTED);
    expect(line.request.attempts[1].paymentUrl).toBe(REDACTED);
    // What is not secret survives, so the line stays useful.
    expect(line.link.sessionId).toBe('cs_test_a1b2c3');
    expect(line.request.attempts[0].n).toBe(1);
  });

  it('redacts in child bindings and at debug level too', () => {
    const out = capture();
    const log = createLogger({ level: 'debug', pretty: false, destination: out.stream });
    log.child({ token: 'abc-secret' }).debug({ watch: { paymentUrl: URL } }, 'polling');
    expect(out.text()).not.toContain('abc-secret');
    expect(out.text()).not.toContain('cs_test');
  });

  it('redacts in pretty output as well', async () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: true, destination: out.stream });
    log.info({ payment_url: URL, botToken: 'xoxb-9' }, 'pretty line');
    await new Promise((r) => setTimeout(r, 20));
    expect(out.text()).toContain('pretty line');
    expect(out.text()).not.toContain('cs_test');
    expect(out.text()).not.toContain('xoxb-9');
  });

  it('documents its paths', () => {
    expect(redactPaths()).toEqual(expect.arrayContaining(['paymentUrl', '*.payment_url', '*.*.authorization']));
  });
});

describe('text scrubbing', () => {
  it('removes payment URLs and credentials from messages and errors', () => {
    const out = capture();
    const log = createLogger({ level: 'info', pretty: false, destination: out.stream });
    log.warn(`DM failed for link ${URL} (token xoxb-1-2-abc)`);
    const err = new Error(
      `POST failed: Authorization: Bearer sk_live_123 for https://checkout.stripe.com/c/pay/cs_live_9`,
    );
    log.error({ err }, 'link creation failed');
    const text = out.text();
    expect(text).not.toContain('cs_test_a1b2c3');
    expect(text).not.toContain('xoxb-1-2-abc');
    expect(text).not.toContain('sk_live_123');
    expect(text).not.toContain('cs_live_9');
    const [first, second] = out.lines();
    expect(first.msg).toBe('DM failed for link [redacted payment url] (token [redacted slack token])');
    expect(second.err.message).toContain('Bearer [redacted]');
    expect(second.err.type).toBe('Error');
    expect(second.err.stack).toContain('logger.test.ts');
  });
});

describe('payment URLs and session ids whatever the checkout host', () => {
  const SESSION = 'cs_live_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ';
  const CUSTOM_DOMAIN = `https://pay.example-billing.com/c/pay/${SESSION}#fidkdWxOYHwnPyd1blpxYHZxWjA0`;
  const OPAQUE = 'https://links.example-billing.com/p/Zx9QqLmN';

  it("Bolt's debug request-body line loses the link button URL and the session id (debug level)", async () => {
    const { toBoltLogger } = await import('../../adapters/slack/bolt-logger.ts');
    const out = capture();
    const log = createLogger({ level: 'debug', pretty: false, destination: out.stream });
    const bolt = toBoltLogger(log);
    // @slack/web-api's own line, byte for byte as it builds it: `http request body: ${JSON.stringify(body)}`.
    const body = {
      channel: 'D0001',
      text: 'Pay $50.00',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `session ${SESSION}` } },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Pay $50.00' }, url: CUSTOM_DOMAIN },
            { type: 'button', text: { type: 'plain_text', text: 'Pay again' }, url: OPAQUE },
          ],
        },
      ],
    };
    bolt.debug(`http request body: ${JSON.stringify(body)}`);
    // Bolt's incoming-payload line for a click on the DM: the message's blocks nested as a JSON string.
    bolt.debug(JSON.stringify({ payload: JSON.stringify({ message: { blocks: body.blocks } }) }));
    const text = out.text();
    for (const secret of [SESSION, 'pay.example-billing.com', OPAQUE, 'fidkdWxO']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted url]');
    expect(text).toContain('cs_live_a1B2c3…[redacted]');
    // The rest of the line stays readable.
    expect(text).toContain('http request body');
    expect(text).toContain('D0001');
  });

  it('free text: a custom-domain link, a bare session id and the simulator page', () => {
    const out = capture();
    const log = createLogger({ level: 'debug', pretty: false, destination: out.stream });
    log.debug(`link ${CUSTOM_DOMAIN} for <${CUSTOM_DOMAIN}|Pay>; confirming ${SESSION}; also ${URL}`);
    const [line] = out.lines();
    expect(line.msg).not.toContain(SESSION);
    expect(line.msg).not.toContain('example-billing');
    expect(line.msg).not.toContain('cs_test_a1b2c3');
    expect(line.msg).toContain('[redacted payment url]');
  });
});
