/** `/ml-fund <amount> [note]`: ask for a wallet top-up. */
import { openRequest } from '../requests/open-request.ts';
import type { CommandSpec } from '../shared/handler.ts';
import { refusal } from '../shared/notices.ts';
import { checkFreeText, checkFundAmount } from '../shared/policy.ts';
import { openFundForm } from './fund-form.ts';

export const fundCommand: CommandSpec = {
  name: 'fund',
  usage: '/ml-fund <amount> [note]',
  example: '/ml-fund 50 eval run',
  summary: 'Ask for a top-up of the ModelsLab wallet (approvers approve, you pay by DM link).',
  async run({ s, event, args, respond, t }) {
    const trimmed = args.trim();
    // No text: the form asks for it (fund-form.ts); a platform without forms gets the rule below.
    if (trimmed === '' && (await openFundForm(s, event, respond, t))) return;
    // "$ 50" is one amount to a person, two tokens to split().
    const match = /^(\$\s*)?(\S*)\s*([\s\S]*)$/.exec(trimmed);
    const amountText = `${match?.[1] ?? ''}${match?.[2] ?? ''}`;
    const verdict = checkFundAmount(amountText, s.policy);
    if (!verdict.ok) {
      await respond.reply(refusal(verdict.rule(t), fundCommand, event.platform, t));
      return;
    }
    const note = checkFreeText(match?.[3] ?? '', 'note');
    if (!note.ok) {
      await respond.reply(refusal(note.rule(t), fundCommand, event.platform, t));
      return;
    }
    await openRequest(s, event, respond, { purpose: 'fund', amountCents: verdict.cents, note: note.text });
  },
};
