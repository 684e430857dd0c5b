import { checkNonEmpty } from '../input-checks.ts';
import { type PaymentStatus, paymentStatus } from '../schemas/payments.ts';
import type { BillingTransport } from '../transport.ts';

export class PaymentsApi {
  readonly #t: BillingTransport;
  constructor(transport: BillingTransport) {
    this.#t = transport;
  }

  /** `GET /payments/{pi_id}/status`: a Stripe PaymentIntent's state. */
  async status(paymentIntentId: string): Promise<PaymentStatus> {
    checkNonEmpty('payment_intent_id', paymentIntentId);
    return this.#t.call({
      method: 'GET',
      route: '/payments/{id}/status',
      params: { id: paymentIntentId },
      schema: paymentStatus,
    });
  }
}
