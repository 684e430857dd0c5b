/**
 * The add-card page's HTML: the form (Stripe's card element, Make default, Save) or a notice.
 * Every word comes from core's view (the catalog, in the approver's language). The script is
 * inline under the response's nonce; its data (publishable key, client secret, texts) sits in a
 * JSON block, never in executable code, escaped so no value can close the tag.
 */
import type { AddCardForm, AddCardNotice } from '../core/cards/index.ts';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element: `<`, `>`, `&` and the JS line separators are escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1d1c1d}
h1{font-size:1.4rem}#card-element{border:1px solid #bbb;border-radius:6px;padding:.75rem;margin:1rem 0}
#card-element input{font:inherit;margin:.2rem .3rem .2rem 0;padding:.3rem}
button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:0;background:#2b5cd6;color:#fff;cursor:pointer}
button:disabled{opacity:.6}.error{color:#b3261e}.done{color:#1b6e34;font-weight:600}.note{color:#555;font-size:.9rem}`;

function head(lang: string, title: string, nonce: string): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>`;
}

export function renderNotice(page: AddCardNotice, nonce: string): string {
  const cls = page.kind === 'saved' ? 'done' : page.kind === 'expired' ? '' : 'error';
  return `${head(page.lang, page.title, nonce)}<body data-page="${page.kind}"><h1>${escapeHtml(page.title)}</h1>
<p class="${cls}" id="message">${escapeHtml(page.message)}</p></body></html>`;
}

/** The browser side: mount the card element, confirm the Setup Intent with Stripe, then tell the bot. */
const CLIENT = `(() => {
  const cfg = JSON.parse(document.getElementById('add-card-config').textContent);
  const form = document.getElementById('add-card-form');
  const button = document.getElementById('save');
  const message = document.getElementById('message');
  const show = (text, ok) => { message.textContent = text; message.className = ok ? 'done' : 'error'; };
  const failed = (reason) => cfg.failed.replace('{reason}', reason);
  let stripe, card;
  try {
    stripe = Stripe(cfg.publishableKey);
    card = stripe.elements().create('card');
    card.mount('#card-element');
  } catch {
    show(cfg.loadFailed);
    button.disabled = true;
    return;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    button.textContent = cfg.saving;
    show('', true);
    const again = () => { button.disabled = false; button.textContent = cfg.save; };
    try {
      const result = await stripe.confirmCardSetup(cfg.clientSecret, { payment_method: { card } });
      if (result.error) { show(failed(result.error.message)); again(); return; }
      const intent = result.setupIntent;
      const pm = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method.id;
      const res = await fetch(location.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ setupIntentId: intent.id, paymentMethodId: pm, makeDefault: form.elements.makeDefault.checked }),
      });
      const body = await res.json();
      if (body.kind === 'saved') { form.remove(); show(body.message, true); document.body.dataset.page = 'saved'; return; }
      show(body.message);
      if (body.kind === 'bad_input') again(); else form.remove();
    } catch (err) {
      show(failed(String(err && err.message || err)));
      again();
    }
  });
})();`;

export function renderForm(page: AddCardForm, nonce: string, stripeJsUrl: string): string {
  const config = {
    publishableKey: page.publishableKey,
    clientSecret: page.clientSecret,
    failed: page.failedTemplate,
    loadFailed: page.loadFailed,
    save: page.saveLabel,
    saving: page.savingLabel,
  };
  return `${head(page.lang, page.title, nonce)}<body data-page="form"><h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.account)}</p>
<form id="add-card-form" novalidate>
<div id="card-element"></div>
<p><label><input type="checkbox" name="makeDefault" checked> ${escapeHtml(page.makeDefaultLabel)}</label></p>
<button type="submit" id="save">${escapeHtml(page.saveLabel)}</button>
</form>
<p id="message" role="status" aria-live="polite"></p>
<p class="note">${escapeHtml(page.note)}</p>
<script type="application/json" id="add-card-config">${scriptJson(config)}</script>
<script src="${escapeHtml(stripeJsUrl)}" nonce="${nonce}"></script>
<script nonce="${nonce}">${CLIENT}</script>
</body></html>`;
}
