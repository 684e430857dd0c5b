/**
 * The Stripe.js stand-in's source (GET /stripe/v3.js): a plain script defining `window.Stripe`
 * with the part of the real API the add-card page uses:
 *   const stripe = Stripe(publishableKey);
 *   const card = stripe.elements().create('card');
 *   card.mount('#card-element');      // three labelled inputs: cardnumber, exp-date (MM/YY), cvc
 *   const r = await stripe.confirmCardSetup(clientSecret, { payment_method: { card } });
 *   // r: { setupIntent: { id, status, payment_method } } or { error: { message } }
 * The card goes from the inputs to the confirm endpoint on the script's own base (taken from
 * `document.currentScript.src` when it loads, so it works wherever the simulator is mounted) and
 * nowhere else: nothing is logged or kept in the page.
 */
export const STRIPE_JS = String.raw`/* mlbot sandbox: a stand-in for Stripe.js v3 (test mode only). */
(function () {
  'use strict';
  var script = document.currentScript;
  var src = script && script.src ? script.src : '';
  var base = src.replace(/\/stripe\/v3(?:\.js)?(?:[?#].*)?$/, '');

  function field(labelText, name, attrs) {
    var label = document.createElement('label');
    label.style.display = 'block';
    label.style.margin = '0 0 8px';
    label.appendChild(document.createTextNode(labelText + ' '));
    var input = document.createElement('input');
    input.name = name;
    input.type = 'text';
    for (var k in attrs) input.setAttribute(k, attrs[k]);
    label.appendChild(input);
    return { label: label, input: input };
  }

  function CardElement() {
    this._inputs = null;
    this._node = null;
    this._handlers = {};
  }
  CardElement.prototype.mount = function (target) {
    var node = typeof target === 'string' ? document.querySelector(target) : target;
    if (!node) throw new Error('Stripe stand-in: nothing to mount the card element on (' + target + ')');
    var number = field('Card number', 'cardnumber', { autocomplete: 'cc-number', inputmode: 'numeric', placeholder: '1234 1234 1234 1234' });
    var exp = field('Expiry (MM/YY)', 'exp-date', { autocomplete: 'cc-exp', inputmode: 'numeric', placeholder: 'MM/YY' });
    var cvc = field('CVC', 'cvc', { autocomplete: 'cc-csc', inputmode: 'numeric', placeholder: 'CVC' });
    node.appendChild(number.label);
    node.appendChild(exp.label);
    node.appendChild(cvc.label);
    this._node = node;
    this._inputs = { number: number.input, exp: exp.input, cvc: cvc.input };
    var self = this;
    [number.input, exp.input, cvc.input].forEach(function (input) {
      input.addEventListener('input', function () { self._emit('change', { complete: self._complete(), empty: false }); });
      input.addEventListener('focus', function () { self._emit('focus', {}); });
      input.addEventListener('blur', function () { self._emit('blur', {}); });
    });
    this._emit('ready', {});
    return this;
  };
  CardElement.prototype._complete = function () {
    var i = this._inputs;
    return !!i && i.number.value.replace(/[\s-]/g, '').length >= 13 && /^\s*\d{1,2}\s*\/\s*\d{2,4}\s*$/.test(i.exp.value) && /^\d{3,4}$/.test(i.cvc.value.trim());
  };
  CardElement.prototype.on = function (event, handler) {
    (this._handlers[event] = this._handlers[event] || []).push(handler);
    return this;
  };
  CardElement.prototype._emit = function (event, payload) {
    (this._handlers[event] || []).forEach(function (h) { try { h(payload); } catch (e) { setTimeout(function () { throw e; }); } });
  };
  CardElement.prototype.clear = function () {
    if (!this._inputs) return;
    this._inputs.number.value = '';
    this._inputs.exp.value = '';
    this._inputs.cvc.value = '';
  };
  CardElement.prototype.focus = function () { if (this._inputs) this._inputs.number.focus(); };
  CardElement.prototype.unmount = function () {
    if (this._node) while (this._node.firstChild) this._node.removeChild(this._node.firstChild);
    this._node = null;
    this._inputs = null;
  };
  CardElement.prototype.destroy = CardElement.prototype.unmount;

  function readCard(card) {
    var i = card && card._inputs;
    if (!i) return null;
    var m = /^\s*(\d{1,2})\s*\/\s*(\d{2,4})\s*$/.exec(i.exp.value);
    return {
      number: i.number.value,
      exp_month: m ? Number(m[1]) : null,
      exp_year: m ? Number(m[2]) : null,
      cvc: i.cvc.value.trim()
    };
  }

  function Stripe(publishableKey) {
    if (typeof publishableKey !== 'string' || publishableKey.indexOf('pk_') !== 0) {
      throw new Error('Stripe stand-in: a publishable key (pk_...) is required');
    }
    return {
      elements: function () {
        return { create: function (type) {
          if (type !== 'card') throw new Error('Stripe stand-in: only the card element is simulated');
          return new CardElement();
        } };
      },
      confirmCardSetup: function (clientSecret, data) {
        var id = String(clientSecret || '').split('_secret_')[0];
        var card = readCard(data && data.payment_method && data.payment_method.card);
        if (!card) return Promise.resolve({ error: { message: 'Mount the card element before confirming.' } });
        if (!/^seti_/.test(id)) return Promise.resolve({ error: { message: 'Invalid client secret.' } });
        var body = { client_secret: clientSecret, number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc };
        return fetch(base + '/stripe/v1/setup_intents/' + encodeURIComponent(id) + '/confirm', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body)
        }).then(function (res) {
          return res.json().then(function (json) {
            if (res.ok) return { setupIntent: { id: json.id, status: json.status, payment_method: json.payment_method } };
            return { error: { message: (json && json.error && json.error.message) || 'The card could not be set up.', code: json && json.error && json.error.code } };
          });
        }, function () {
          return { error: { message: 'Could not reach Stripe. Check the connection and try again.' } };
        });
      }
    };
  }
  window.Stripe = Stripe;
})();
`;
