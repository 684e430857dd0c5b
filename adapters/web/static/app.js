// The playground page. Plain JS, no build step. Everything the bot says arrives as JSON over
// server-sent events and is built into DOM nodes with textContent only: user notes may hold
// HTML, and here it is shown, never run.

const config = JSON.parse(document.getElementById('config').textContent);
const people = new Map(config.people.map((p) => [p.id, p]));
const messages = new Map();
const $ = (id) => document.getElementById(id);

let me = people.has(location.hash.slice(1)) ? location.hash.slice(1) : config.people[0].id;
let source;
// Workspaces mode: the workspaces the page offers, and who approves in the current one (the
// server says on each connect, as an admin can change it in /ml settings).
const workspaces = new Map((config.workspaces ?? []).map((w) => [w.id, w]));
let approvers;
const workspaceOf = (personId) => workspaces.get(people.get(personId)?.workspaceId);
const channelId = () => workspaceOf(me)?.channel.id ?? config.channel.id;
// DMs that arrived (or changed) since this person last looked: marked "new" for a few seconds.
let freshDms = new Set();

// What each person last saw of their DMs, as the log's revision number, kept in the browser so
// a DM that came while the page was closed or the bot restarted still gets its mark.
const SEEN_KEY = 'mlbot.playground.seen-dm';
function seenDm() {
  try {
    return JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}
function markDmSeen(personId, rev) {
  const seen = seenDm();
  seen[personId] = rev;
  try {
    localStorage.setItem(SEEN_KEY, JSON.stringify(seen));
  } catch {}
}

// Each person's language, as a chat client's own setting would be: kept in this browser, sent
// with every command, click and form (the event's actor.locale). None chosen: the workspace's.
const LANGUAGE_KEY = 'mlbot.playground.language';
function languages() {
  try {
    return JSON.parse(localStorage.getItem(LANGUAGE_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}
const languageOf = (personId) => languages()[personId] ?? '';
function setLanguage(personId, tag) {
  const all = languages();
  if (tag) all[personId] = tag;
  else delete all[personId];
  try {
    localStorage.setItem(LANGUAGE_KEY, JSON.stringify(all));
  } catch {}
}
/** `{locale}` for a POST body: only when this person picked one. */
const localeField = () => (languageOf(me) ? { locale: languageOf(me) } : {});

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function segments(parent, segs) {
  for (const s of segs) {
    if ('m' in s) parent.append(el('span', 'mention', s.m));
    else parent.append(document.createTextNode(s.t));
  }
  return parent;
}

function initials(name) {
  return name.slice(0, 1).toUpperCase();
}

// The conversation outlives a restart, so yesterday's card says which day it is from.
function timeOf(at) {
  const when = new Date(at);
  const time = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (when.toDateString() === new Date().toDateString()) return time;
  return `${when.toLocaleDateString([], { day: 'numeric', month: 'short' })}, ${time}`;
}

// ------------------------------------------------------------------ rendering

function button(b, message) {
  if (b.kind === 'link') {
    const a = el('a', 'btn link', b.label);
    a.href = b.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.append(el('span', 'external', '↗'));
    return a;
  }
  const btn = el('button', `btn ${b.style ?? ''}`.trim(), b.label);
  btn.type = 'button';
  btn.dataset.action = b.action;
  btn.dataset.value = b.value;
  btn.addEventListener('click', () => press(btn, message, b));
  return btn;
}

function attachmentLink(att) {
  const a = el('a', 'btn attachment', `⤓ ${att.filename}`);
  a.href = URL.createObjectURL(new Blob([att.content], { type: att.contentType }));
  a.download = att.filename;
  return a;
}

function card(message) {
  const r = message.reply;
  const box = el('div', `card tone-${r.tone}`);
  if (r.title) box.append(segments(el('div', 'card-title'), r.title));
  if (r.text.length) box.append(segments(el('div', 'card-text'), r.text));
  if (r.fields.length) {
    const fields = el('div', 'fields');
    for (const f of r.fields) {
      const field = el('div', f.short ? 'field short' : 'field');
      field.append(segments(el('div', 'field-label'), f.label), segments(el('div', 'field-value'), f.value));
      fields.append(field);
    }
    box.append(fields);
  }
  if (r.images?.length) {
    const pics = el('div', 'images');
    for (const im of r.images) {
      const img = el('img', 'chart');
      img.src = im.src;
      img.alt = im.alt;
      img.title = im.filename;
      pics.append(img);
    }
    box.append(pics);
  }
  if (r.buttons.length || r.attachment) {
    const actions = el('div', 'actions');
    for (const b of r.buttons) actions.append(button(b, message));
    if (r.attachment) actions.append(attachmentLink(r.attachment));
    box.append(actions);
  }
  if (r.context.length) {
    const ctx = el('div', 'context');
    for (const line of r.context) ctx.append(segments(el('span', 'context-line'), line));
    box.append(ctx);
  }
  return box;
}

function messageNode(message, threadReplies = []) {
  const isBot = message.kind !== 'invocation';
  const node = el('article', `msg kind-${message.kind}`);
  node.dataset.id = message.id;
  node.dataset.kind = message.kind;
  if (freshDms.has(message.id)) {
    node.classList.add('is-new');
    node.dataset.new = 'true';
  }

  const person = people.get(message.author.id);
  const avatar = el('div', isBot ? 'avatar bot' : 'avatar', isBot ? 'ml' : initials(message.author.name));
  if (person) avatar.style.background = person.color;
  const body = el('div', 'msg-body');

  if (message.kind === 'ephemeral') body.append(el('div', 'only-you', 'Only visible to you'));
  const meta = el('div', 'meta');
  meta.append(el('span', 'author', message.author.name));
  if (isBot) meta.append(el('span', 'app-badge', 'APP'));
  const time = el('time', 'time', timeOf(message.at));
  time.dateTime = new Date(message.at).toISOString();
  meta.append(time);
  if (message.editedAt) meta.append(el('span', 'edited', '(edited)'));
  body.append(meta);

  if (message.kind === 'invocation') body.append(segments(el('div', 'invocation'), message.reply.text));
  else body.append(card(message));

  if (threadReplies.length) {
    const thread = el('div', 'thread');
    thread.dataset.testid = 'thread';
    thread.append(
      el('div', 'thread-label', `${threadReplies.length} ${threadReplies.length === 1 ? 'reply' : 'replies'}`),
    );
    for (const reply of threadReplies) thread.append(messageNode(reply));
    body.append(thread);
  }
  node.append(avatar, body);
  return node;
}

function renderPane(container, list, threads) {
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const nodes = list.map((m) => messageNode(m, threads.get(m.id) ?? []));
  container.replaceChildren(...nodes);
  if (nearBottom) container.scrollTop = container.scrollHeight;
}

function render() {
  const sorted = [...messages.values()].sort((a, b) => a.seq - b.seq);
  const dmChannel = `dm:${me}`;
  const threads = new Map();
  for (const m of sorted) {
    if (!m.threadId || !messages.has(m.threadId)) continue;
    if (!threads.has(m.threadId)) threads.set(m.threadId, []);
    threads.get(m.threadId).push(m);
  }
  const inThread = (m) => m.threadId && messages.has(m.threadId);
  const channel = sorted.filter((m) => m.channelId === channelId() && !inThread(m));
  const dms = sorted.filter((m) => m.channelId === dmChannel && !inThread(m));
  renderPane($('channel-messages'), channel, threads);
  renderPane($('dm-messages'), dms, threads);
  $('dm-empty').hidden = dms.length > 0;
  // Nothing said yet (a fresh store): show a newcomer where to start instead of a blank pane.
  $('channel-empty').hidden = channel.length > 0;
}

/** My DMs newer than what I last saw: mark them, count them, flash the pane; then they are seen. */
function noticeMyDms() {
  const mine = [...messages.values()].filter((m) => m.channelId === `dm:${me}`);
  if (!mine.length) return;
  const newest = Math.max(...mine.map((m) => m.rev ?? m.seq));
  let seen = seenDm()[me] ?? 0;
  // A fresh store counts from 1 again: what we remember is from another conversation.
  if (seen > newest && mine.every((m) => !freshDms.has(m.id))) seen = 0;
  const fresh = mine.filter((m) => (m.rev ?? m.seq) > seen);
  markDmSeen(me, newest);
  if (!fresh.length) return;
  for (const m of fresh) freshDms.add(m.id);
  for (const id of ['dm-badge', 'dm-new']) {
    $(id).textContent = id === 'dm-new' ? `${fresh.length} new` : String(fresh.length);
    $(id).hidden = false;
  }
  const pane = document.querySelector('.dm-pane');
  pane.classList.remove('flash');
  void pane.offsetWidth;
  pane.classList.add('flash');
  clearTimeout(noticeMyDms.timer);
  noticeMyDms.timer = setTimeout(() => {
    $('dm-badge').hidden = true;
    $('dm-new').hidden = true;
    freshDms = new Set();
    render();
  }, 6000);
}

/** Someone else has DMs newer than this browser showed them: a dot on their name. */
function markPerson(personId, rev) {
  if (personId === me || rev <= (seenDm()[personId] ?? 0)) return;
  document.querySelector(`[data-person="${CSS.escape(personId)}"]`)?.classList.add('has-dm');
}

// ------------------------------------------------------------------ talking to the bot

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    t.hidden = true;
  }, 4000);
}

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const answer = await res.json().catch(() => ({}));
    throw new Error(answer.error ?? `HTTP ${res.status}`);
  }
}

async function press(btn, message, b) {
  // While the bot is away (restarting) a click would only fail: say so, and keep the button.
  if ($('status').dataset.state !== 'live') {
    toast(`The bot is not reachable right now. "${b.label}" works again once the page says live.`);
    return;
  }
  btn.disabled = true;
  btn.classList.add('pending');
  try {
    await post('/play/action', { as: me, messageId: message.id, action: b.action, value: b.value, ...localeField() });
  } catch (err) {
    toast(`Could not press "${b.label}": ${err.message}`);
    btn.disabled = false;
    btn.classList.remove('pending');
  }
}

function connect(retrying = false) {
  clearTimeout(connect.retry);
  source?.close();
  setStatus(retrying ? 'reconnecting' : 'connecting');
  source = new EventSource(`/play/events?as=${encodeURIComponent(me)}`);
  // After a reconnect (the bot restarted) the snapshot is the whole truth: replace, never merge.
  source.addEventListener('snapshot', (e) => {
    messages.clear();
    for (const m of JSON.parse(e.data)) messages.set(m.id, m);
    setStatus('live');
    noticeMyDms();
    render();
  });
  source.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    // "Never mind" took a private message out of the conversation.
    if (m.removed) messages.delete(m.id);
    else messages.set(m.id, m);
    if (m.channelId === `dm:${me}`) noticeMyDms();
    render();
  });
  source.addEventListener('form', (e) => queueForm(JSON.parse(e.data)));
  source.addEventListener('form-closed', (e) => dropForm(JSON.parse(e.data).id));
  source.addEventListener('roles', (e) => {
    approvers = new Set(JSON.parse(e.data).approvers);
    renderPeople();
  });
  source.addEventListener('dm-activity', (e) => {
    for (const [who, rev] of Object.entries(JSON.parse(e.data))) markPerson(who, rev);
  });
  source.addEventListener('dm-notice', (e) => {
    const { for: who, rev } = JSON.parse(e.data);
    markPerson(who, rev ?? Number.POSITIVE_INFINITY);
  });
  // The browser retries a dropped stream by itself, but gives up for good on an HTTP error (the
  // bot answers 503 while it stops and starts): then reconnect ourselves until it is back.
  source.addEventListener('error', () => {
    setStatus('reconnecting');
    if (source.readyState === EventSource.CLOSED) {
      clearTimeout(connect.retry);
      connect.retry = setTimeout(() => connect(true), 1000);
    }
  });
}

function setStatus(state) {
  const s = $('status');
  s.dataset.state = state;
  document.body.dataset.connection = state;
  s.textContent = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'reconnecting…';
}

// ------------------------------------------------------------------ forms (the bot's dialogs)

// Dialogs the bot opened for me, shown one at a time, oldest first.
let formQueue = [];
let shownForm;

function queueForm(form) {
  if (shownForm?.id === form.id || formQueue.some((f) => f.id === form.id)) return;
  formQueue.push(form);
  if (!shownForm) showNextForm();
}

function dropForm(id) {
  formQueue = formQueue.filter((f) => f.id !== id);
  if (shownForm?.id === id) hideForm();
}

function closeForms() {
  formQueue = [];
  if (shownForm) hideForm();
}

/** Close the dialog and take its inputs out of the page (a typed secret must not linger). */
function hideForm() {
  shownForm = undefined;
  $('form-fields').replaceChildren();
  if ($('form-dialog').open) $('form-dialog').close();
  showNextForm();
}

function fieldNode(field) {
  const box = el('div', field.kind === 'toggle' ? 'form-field toggle' : 'form-field');
  box.dataset.field = field.id;
  const inputId = `ff-${field.id}`;
  const label = el('label', '', field.label);
  label.htmlFor = inputId;
  if (field.optional) label.append(el('span', 'optional', ' (optional)'));
  const input = el('input');
  input.id = inputId;
  input.name = field.id;
  input.dataset.kind = field.kind;
  if (field.kind === 'toggle') {
    input.type = 'checkbox';
    input.checked = field.initial === 'yes' || field.initial === 'true';
  } else {
    // A secret is typed blind, and no browser offers to remember or fill it.
    input.type = field.kind === 'secret' ? 'password' : 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    if (field.kind === 'number') input.inputMode = 'decimal';
    if (field.maxLength) input.maxLength = field.maxLength;
    const initial = Array.isArray(field.initial) ? field.initial.join(', ') : field.initial;
    if (initial !== undefined) input.value = initial;
    if (['users', 'usergroups', 'roles', 'channel'].includes(field.kind))
      input.placeholder = field.kind === 'channel' ? 'a channel id' : 'ids, separated by commas';
  }
  const described = [];
  const hint = field.hint ? el('div', 'field-hint', field.hint) : undefined;
  if (hint) {
    hint.id = `${inputId}-hint`;
    described.push(hint.id);
  }
  const error = el('div', 'field-error');
  error.id = `${inputId}-error`;
  error.dataset.testid = 'field-error';
  error.hidden = true;
  described.push(error.id);
  input.setAttribute('aria-describedby', described.join(' '));
  if (field.kind === 'toggle') box.append(input, label);
  else box.append(label, input);
  if (hint) box.append(hint);
  box.append(error);
  return box;
}

const PAGE_CANCEL = $('form-cancel').textContent;

function showNextForm() {
  if (shownForm || !formQueue.length) return;
  shownForm = formQueue.shift();
  $('form-title').textContent = shownForm.title;
  $('form-intro').textContent = shownForm.intro ?? '';
  $('form-intro').hidden = !shownForm.intro;
  $('form-submit').textContent = shownForm.submitLabel;
  // The form's own language; else the page's (the button as index.html has it).
  $('form-cancel').textContent = shownForm.cancelLabel ?? PAGE_CANCEL;
  $('form-submit').disabled = false;
  $('form-error').hidden = true;
  $('form-fields').replaceChildren(...shownForm.fields.map(fieldNode));
  $('form-dialog').dataset.form = shownForm.id;
  if (!$('form-dialog').open) $('form-dialog').showModal();
  $('form-fields').querySelector('input')?.focus();
}

function showErrors(errors) {
  const fields = new Set(shownForm.fields.map((f) => f.id));
  for (const box of $('form-fields').querySelectorAll('.form-field')) {
    const message = errors[box.dataset.field];
    box.classList.toggle('invalid', message !== undefined);
    box.querySelector('input').setAttribute('aria-invalid', String(message !== undefined));
    const node = box.querySelector('.field-error');
    node.textContent = message ?? '';
    node.hidden = message === undefined;
  }
  const general = Object.entries(errors).filter(([k]) => !fields.has(k));
  $('form-error').textContent = general.map(([, v]) => v).join(' ');
  $('form-error').hidden = general.length === 0;
  // A secret is typed again after a refusal rather than kept in the page.
  for (const input of $('form-fields').querySelectorAll('input[type="password"]')) input.value = '';
  $('form-fields').querySelector('.invalid input')?.focus();
}

async function sendForm(body) {
  const res = await fetch('/play/form', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: me, formId: shownForm.id, ...localeField(), ...body }),
  });
  return { status: res.status, answer: await res.json().catch(() => ({})) };
}

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!shownForm) return;
  const values = {};
  for (const input of $('form-fields').querySelectorAll('input'))
    values[input.name] = input.type === 'checkbox' ? input.checked : input.value;
  const form = shownForm;
  $('form-submit').disabled = true;
  try {
    const { status, answer } = await sendForm({ values });
    // The stream may have said "closed" first and the next dialog be up already: leave that one be.
    if (shownForm !== form) return;
    if (status === 200 || status === 202) return hideForm();
    if (status === 422 && answer.errors) showErrors(answer.errors);
    else showErrors({ '': answer.error ?? `HTTP ${status}` });
  } catch (err) {
    if (shownForm === form) showErrors({ '': `Not sent: ${err.message}` });
  } finally {
    $('form-submit').disabled = false;
  }
});

function cancelForm() {
  if (!shownForm) return;
  void sendForm({ cancel: true }).catch(() => {});
  hideForm();
}
$('form-cancel').addEventListener('click', cancelForm);
// Escape closes a modal dialog by itself: treat it as Cancel, so the server forgets the form too.
$('form-dialog').addEventListener('cancel', (e) => {
  e.preventDefault();
  cancelForm();
});

// ------------------------------------------------------------------ people, composer

/** The label beside a name: with workspaces, admin and approver as this workspace has them now. */
function roleOf(p) {
  if (!workspaces.size) return p.role;
  const roles = [];
  if (p.isAdmin) roles.push('admin');
  if (approvers ? approvers.has(p.id) : p.isApprover) roles.push('approver');
  return roles.length ? roles.join(' · ') : p.role;
}

function renderWorkspaces() {
  if (!workspaces.size) return;
  const current = workspaceOf(me);
  $('workspaces-section').hidden = false;
  $('workspace-name').textContent = current.name;
  const admin = people.get(current.admin);
  $('workspace-sub').textContent = admin ? `its admin: ${admin.name}` : 'a playground workspace';
  const list = $('workspaces');
  list.replaceChildren();
  for (const w of workspaces.values()) {
    const item = el('li');
    const btn = el('button', w.id === current.id ? 'workspace-switch active' : 'workspace-switch');
    btn.type = 'button';
    btn.dataset.workspace = w.id;
    btn.setAttribute('aria-pressed', String(w.id === current.id));
    btn.append(el('span', 'workspace-logo', initials(w.name)), el('span', 'workspace-label', w.name));
    const wsAdmin = people.get(w.admin);
    if (wsAdmin) btn.append(el('span', 'workspace-admin', `admin ${wsAdmin.name}`));
    btn.addEventListener('click', () => switchWorkspace(w.id));
    item.append(btn);
    list.append(item);
  }
  $('channel-name').textContent = current.channel.name;
  $('nav-channel').textContent = current.channel.name;
  // The id an admin types where /ml settings asks for a channel (low-balance alerts).
  $('channel-sub').textContent = `${current.name}'s billing channel (id ${current.channel.id})`;
}

/** The same role in another workspace: Riley of Acme becomes Riley of Globex. */
function switchWorkspace(id) {
  const name = people.get(me).name;
  const target = config.people.find((p) => p.workspaceId === id && p.name === name);
  if (target) switchTo(target.id);
}

function renderPeople() {
  const list = $('people');
  const pending = new Set([...list.querySelectorAll('.has-dm')].map((b) => b.dataset.person));
  pending.delete(me);
  list.replaceChildren();
  const here = people.get(me).workspaceId;
  for (const p of config.people) {
    if (p.workspaceId !== here) continue;
    const item = el('li');
    const btn = el('button', p.id === me ? 'person active' : pending.has(p.id) ? 'person has-dm' : 'person');
    btn.type = 'button';
    btn.dataset.person = p.id;
    btn.setAttribute('aria-pressed', String(p.id === me));
    const avatar = el('span', 'avatar small', initials(p.name));
    avatar.style.background = p.color;
    btn.append(avatar, el('span', 'person-name', p.name), el('span', 'dm-dot'), el('span', 'role', roleOf(p)));
    btn.querySelector('.dm-dot').title = `New direct message for ${p.name}`;
    btn.addEventListener('click', () => switchTo(p.id));
    item.append(btn);
    list.append(item);
  }
  const current = people.get(me);
  $('dm-who').textContent = current.name;
  $('composer-as').textContent = current.name;
  $('composer-as').style.background = current.color;
  document.body.dataset.person = me;
  renderLanguage();
}

function renderLanguage() {
  const select = $('language');
  if (!select.options.length) {
    select.append(el('option', '', 'Workspace default'));
    select.options[0].value = '';
    for (const l of config.languages ?? []) {
      const option = el('option', '', l.name);
      option.value = l.tag;
      select.append(option);
    }
  }
  select.value = languageOf(me);
  $('language-who').textContent = people.get(me).name;
}

$('language').addEventListener('change', (e) => setLanguage(me, e.target.value));

function switchTo(id) {
  if (id === me) return;
  const otherWorkspace = people.get(id).workspaceId !== people.get(me).workspaceId;
  me = id;
  freshDms = new Set();
  // Dialogs belong to the person they were opened for; theirs come back with the new stream.
  closeForms();
  if (otherWorkspace) {
    approvers = undefined;
    messages.clear();
    renderWorkspaces();
  }
  $('dm-badge').hidden = true;
  $('dm-new').hidden = true;
  history.replaceState(null, '', `#${id}`);
  renderPeople();
  connect();
}

$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('command');
  const text = input.value.trim();
  if (!text) return;
  input.disabled = true;
  try {
    await post('/play/command', { as: me, text, ...localeField() });
    input.value = '';
  } catch (err) {
    toast(`Not sent: ${err.message}`);
  } finally {
    input.disabled = false;
    input.focus();
  }
});

for (const hint of config.commands) {
  const chip = el('button', 'hint', hint);
  chip.type = 'button';
  chip.addEventListener('click', () => {
    $('command').value = hint;
    $('command').focus();
  });
  $('hints').append(chip);
}

$('channel-name').textContent = config.channel.name;
$('nav-channel').textContent = config.channel.name;
renderWorkspaces();
renderPeople();
connect();
