/** /billing: overview, Stripe config, setup intents, payment links, cards, billing info, invoices. */
import { fundAmount, openFundSession, openSubscribeSession, planFrom } from '../checkout-flow.ts';
import type { BillingInfoRecord } from '../model.ts';
import { ok, optionalBool, optionalString, type Route, requireString } from '../route.ts';
import type { SimState } from '../state.ts';
import { autoFundingView, invoiceView, paymentMethodView, subscriptionView } from '../views.ts';
import { hashSecret, iso, notFound, randomAlnum, usd, validationError } from '../wire.ts';

const PAYMENT_LINK_INSTRUCTIONS =
  'Send payment_url to the person who will pay. After paying they see a page with the session_id. ' +
  'Then call POST /wallet/confirm-checkout (purpose fund) or POST /subscriptions/confirm-checkout ' +
  '(purpose subscribe) with the session_id; poll with a short delay until it succeeds.';

function billingInfoView(info: BillingInfoRecord) {
  return {
    name: info.name,
    email: info.email,
    tax_id: info.taxId,
    tax_id_type: info.taxIdType,
    address: { ...info.address },
  };
}

function paymentMethodOr404(state: SimState, id: string | undefined) {
  const pm = id === undefined ? undefined : state.paymentMethod(id);
  if (!pm) throw notFound('payment_method', id ?? '');
  return pm;
}

function text(v: unknown, field: string): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw validationError(field, 'must be a string');
  return v;
}

export const billingRoutes: Route[] = [
  {
    method: 'GET',
    path: '/billing/overview',
    handle: ({ state }) =>
      ok({
        wallet_balance: usd(state.balanceCents),
        currency: 'USD',
        payment_methods: state.paymentMethods.map(paymentMethodView),
        subscriptions: state.subscriptions.map((s) => subscriptionView(state, s)),
        invoice_count: state.invoices.length,
        auto_funding: autoFundingView(state),
      }),
  },
  {
    method: 'GET',
    path: '/billing/stripe-config',
    unwrappable: true,
    handle: () =>
      ok({
        publishable_key: 'pk_test_51SandboxModelsLabSimulator0000000000000000',
        instructions:
          'Use this key with Stripe.js to collect a card, then attach it with POST /billing/payment-methods.',
      }),
  },
  {
    method: 'POST',
    path: '/billing/setup-intent',
    handle: ({ state }) => {
      const id = `seti_${randomAlnum(24)}`;
      const clientSecret = `${id}_secret_${randomAlnum(24)}`;
      // Kept as a hash: the Stripe.js stand-in checks a confirm against it (stripe-standin.ts).
      state.setupIntents.set(id, {
        id,
        secretHash: hashSecret(clientSecret),
        status: 'requires_payment_method',
        paymentMethodId: null,
      });
      return ok({
        client_secret: clientSecret,
        setup_intent_id: id,
        status: 'requires_payment_method',
        instructions: 'Confirm this SetupIntent with Stripe.js, then attach the payment method.',
      });
    },
  },
  {
    method: 'POST',
    path: '/billing/payment-link',
    unwrappable: true,
    handle(ctx) {
      const purpose = ctx.body.purpose;
      if (purpose !== 'fund' && purpose !== 'subscribe')
        throw validationError('purpose', 'must be "fund" or "subscribe"');
      const session =
        purpose === 'fund'
          ? openFundSession(ctx, fundAmount(ctx.body.amount))
          : openSubscribeSession(ctx, planFrom(ctx.state, ctx.body.plan_id).id);
      return ok({
        payment_url: ctx.checkoutUrl(session.id),
        session_id: session.id,
        purpose,
        amount: usd(session.amountCents),
        ...(session.planId === null ? {} : { plan_id: session.planId }),
        expires_at: iso(session.expiresAt),
        instructions: PAYMENT_LINK_INSTRUCTIONS,
      });
    },
  },
  {
    method: 'GET',
    path: '/billing/payment-methods',
    handle: ({ state }) => ok(state.paymentMethods.map(paymentMethodView)),
  },
  {
    method: 'POST',
    path: '/billing/payment-methods',
    handle({ state, body }) {
      const id = requireString(body, 'payment_method_id');
      if (!id.startsWith('pm_')) throw validationError('payment_method_id', 'must start with pm_');
      const makeDefault = optionalBool(body, 'make_default', true);
      let pm = state.paymentMethod(id);
      if (!pm) {
        // A card the Stripe.js stand-in set up keeps what its number said; any other id is a visa 4242.
        const setUp = state.detachedCards.get(id);
        pm = setUp
          ? { ...setUp, isDefault: false }
          : { id, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, isDefault: false };
        state.detachedCards.delete(id);
        state.paymentMethods.push(pm);
      }
      if (makeDefault) for (const p of state.paymentMethods) p.isDefault = p === pm;
      return ok(paymentMethodView(pm));
    },
  },
  {
    method: 'PUT',
    path: '/billing/payment-methods/:id/default',
    handle({ state, params }) {
      const pm = paymentMethodOr404(state, params.id);
      for (const p of state.paymentMethods) p.isDefault = p === pm;
      return ok(paymentMethodView(pm));
    },
  },
  {
    method: 'DELETE',
    path: '/billing/payment-methods/:id',
    handle({ state, params }) {
      const pm = paymentMethodOr404(state, params.id);
      state.paymentMethods = state.paymentMethods.filter((p) => p !== pm);
      const first = state.paymentMethods[0];
      if (pm.isDefault && first) first.isDefault = true;
      return ok({ deleted: true, id: pm.id });
    },
  },
  {
    method: 'GET',
    path: '/billing/info',
    handle: ({ state }) => ok(billingInfoView(state.billingInfo)),
  },
  {
    method: 'PUT',
    path: '/billing/info',
    handle({ state, body }) {
      const info = state.billingInfo;
      const name = optionalString(body, 'name');
      const email = optionalString(body, 'email');
      // Checked as Stripe checks a customer's details: an address with @, a two-letter country.
      if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email.trim()))
        throw validationError('email', 'must be an email address');
      const taxId = text(body.tax_id, 'tax_id');
      const taxIdType = text(body.tax_id_type, 'tax_id_type');
      const nested =
        typeof body.address === 'object' && body.address !== null ? (body.address as Record<string, unknown>) : {};
      const address = { ...info.address };
      for (const key of ['line1', 'line2', 'city', 'state', 'postal_code', 'country'] as const) {
        const v = text(nested[key] ?? body[`address_${key}`], `address.${key}`);
        if (v === undefined) continue;
        if (key === 'line2' || key === 'state') address[key] = v;
        else if (v === null) continue;
        else if (key === 'country') {
          if (!/^[A-Za-z]{2}$/.test(v.trim()))
            throw validationError('address.country', 'must be a two-letter country code (ISO 3166-1)');
          address.country = v.trim().toUpperCase();
        } else address[key] = v;
      }
      state.billingInfo = {
        name: name ?? info.name,
        email: email ?? info.email,
        taxId: taxId === undefined ? info.taxId : taxId,
        taxIdType: taxIdType === undefined ? info.taxIdType : taxIdType,
        address,
      };
      return ok(billingInfoView(state.billingInfo));
    },
  },
  {
    method: 'GET',
    path: '/billing/invoices',
    handle: ({ state, pageUrl }) => {
      const items = [...state.invoices].sort((a, b) => b.createdAt - a.createdAt).map((i) => invoiceView(i, pageUrl));
      return ok({ items, count: items.length });
    },
  },
  {
    method: 'GET',
    path: '/billing/invoices/:id',
    handle({ state, params, pageUrl }) {
      const inv = state.invoices.find((i) => i.id === params.id);
      if (!inv) throw notFound('invoice', params.id ?? '');
      return ok({
        ...invoiceView(inv, pageUrl),
        lines: inv.lines.map((l) => ({ description: l.description, amount: usd(l.amountCents) })),
      });
    },
  },
  {
    method: 'GET',
    path: '/billing/invoices/:id/pdf',
    handle({ state, params, pageUrl }) {
      const inv = state.invoices.find((i) => i.id === params.id);
      if (!inv) throw notFound('invoice', params.id ?? '');
      // Served by the simulator itself (pages.ts): a real PDF, reachable wherever the sandbox is.
      const page = `/invoices/${encodeURIComponent(inv.id)}`;
      return ok({ invoice_id: inv.id, pdf_url: pageUrl(`${page}.pdf`), receipt_url: pageUrl(page) });
    },
  },
];
