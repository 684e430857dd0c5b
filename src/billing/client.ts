/**
 * The typed ModelsLab Agent Control Plane client: one method per endpoint, grouped by area
 * (`client.wallet.confirmCheckout(...)`), all sharing one transport (retries, envelope, errors).
 */
import { AuthApi } from './endpoints/auth.ts';
import { BillingApi } from './endpoints/billing.ts';
import { PaymentsApi } from './endpoints/payments.ts';
import { SubscriptionsApi } from './endpoints/subscriptions.ts';
import { WalletApi } from './endpoints/wallet.ts';
import { BillingTransport, type TransportOptions } from './transport.ts';

export type ModelsLabClientOptions = TransportOptions;

export class ModelsLabClient {
  readonly auth: AuthApi;
  readonly billing: BillingApi;
  readonly wallet: WalletApi;
  readonly payments: PaymentsApi;
  readonly subscriptions: SubscriptionsApi;
  readonly #transport: BillingTransport;

  constructor(options: ModelsLabClientOptions) {
    this.#transport = new BillingTransport(options);
    this.auth = new AuthApi(this.#transport);
    this.billing = new BillingApi(this.#transport);
    this.wallet = new WalletApi(this.#transport);
    this.payments = new PaymentsApi(this.#transport);
    this.subscriptions = new SubscriptionsApi(this.#transport);
  }

  /** Use a new bearer token from now on (after `auth.refresh()`); the old one stays redacted. */
  setToken(token: string): void {
    this.#transport.setToken(token);
  }
}
