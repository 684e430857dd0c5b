/**
 * `/ml billing`: who ModelsLab invoices (name, email, address, tax id), with Edit contact and
 * Edit address. Approvers only: the details are the account's invoicing identity, and the same
 * people who may spend the team's money are the ones who may see and change them.
 */
import type { CommandSpec } from '../shared/handler.ts';
import { refuseNonApprover } from './billing-forms.ts';
import { readBillingDetails } from './billing-read.ts';
import { billingDetailsReply } from './billing-view.ts';

export const billingCommand: CommandSpec = {
  name: 'billing',
  usage: '/ml billing',
  example: '/ml billing',
  summary: "The account's billing details (name, email, address, tax id); approvers edit them.",
  audience: 'approvers',
  async run({ s, event, respond, t }) {
    if (await refuseNonApprover({ event, respond, t })) return;
    const details = await readBillingDetails(s, respond, t);
    if (details) await respond.reply(billingDetailsReply(t, details));
  },
};
