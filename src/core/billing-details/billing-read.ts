/** Reading the billing details ModelsLab has now, for `/ml billing`, Edit and Save. */
import { callBilling } from '../shared/billing-call.ts';
import type { BillingDetails } from '../shared/cards-port.ts';
import type { Texts } from '../shared/i18n.ts';
import type { Responder } from '../shared/ports.ts';
import type { EngineServices } from '../shared/services.ts';

/** The details, or undefined when the read failed and the person was told so (callBilling). */
export function readBillingDetails(
  s: EngineServices,
  respond: Responder,
  t: Texts,
): Promise<BillingDetails | undefined> {
  return callBilling(s, respond, t.t('billingDetails.what_read'), () => s.billing.getBillingDetails(), 'read', t);
}
