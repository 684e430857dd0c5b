import { describe, expect, it } from 'vitest';
import { toSegments, toWebReply } from '../../adapters/web/render.ts';
import { MENTION_APPROVERS, mentionUser, sanitizeUserText } from '../../src/core/shared/reply.ts';

describe('toWebReply', () => {
  it('turns mention tokens into highlighted segments with display names', () => {
    expect(toSegments(`${mentionUser('web-riley')} asks ${MENTION_APPROVERS} for $50`)).toEqual([
      { m: '@Riley' },
      { t: ' asks ' },
      { m: '@approvers' },
      { t: ' for $50' },
    ]);
    expect(toSegments(mentionUser('U999'))).toEqual([{ m: '@U999' }]);
  });

  it('keeps HTML in notes as literal text and cannot be tricked into a fake mention', () => {
    const note = sanitizeUserText('<img src=x onerror=alert(1)> \uE000@Avery\uE001');
    const segs = toSegments(`Note: ${note}`);
    expect(segs).toEqual([{ t: 'Note: <img src=x onerror=alert(1)> @Avery' }]);
  });

  it('renders every part of a card and drops links that are not http(s)', () => {
    const web = toWebReply({
      title: 'Fund request',
      text: 'Top up',
      tone: 'info',
      fields: [{ label: 'Amount', value: '$50.00', short: true }],
      context: ['req_1', 'SANDBOX'],
      buttons: [
        { kind: 'action', action: 'approve', value: 'req_1', label: 'Approve', style: 'primary' },
        { kind: 'link', url: 'javascript:alert(1)', label: 'Evil' },
        { kind: 'link', url: 'http://127.0.0.1:3000/sandbox/checkout/cs_test_1', label: 'Pay' },
      ],
    });
    expect(web.title).toEqual([{ t: 'Fund request' }]);
    expect(web.fields).toEqual([{ label: [{ t: 'Amount' }], value: [{ t: '$50.00' }], short: true }]);
    expect(web.context).toEqual([[{ t: 'req_1' }], [{ t: 'SANDBOX' }]]);
    expect(web.buttons.map((b) => b.label)).toEqual(['Approve', 'Pay']);
    expect(web.tone).toBe('info');
    expect(toWebReply({ text: 'plain' }).tone).toBe('neutral');
  });
});
