/**
 * What a playground page does over HTTP, against a server at `url`: post a command, click or form
 * (the raw answer, for tests that read the status), and open a person's event stream (settled on
 * its snapshot, closed through `cleanups`).
 */
import { openStream, type SseStream } from './sse-client.ts';

export function pageClient(url: string, cleanups: Array<() => Promise<unknown> | unknown>) {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const stream = async (as: string): Promise<SseStream> => {
    const s = await openStream(`${url}/play/events?as=${as}`);
    cleanups.push(() => s.close());
    await s.next((e) => e.event === 'snapshot');
    return s;
  };
  return { post, stream };
}
