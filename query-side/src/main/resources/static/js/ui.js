// The frame both pages share: login form, user and language in the header, the as-of date picker (kept in the
// URL's query so that a page can be shared), loading state and errors shown in the page.

import { ApiError, auth, getJson } from './api.js';
import { applyI18n, label, lang, setLang, t } from './i18n.js';

const $ = (selector) => document.querySelector(selector);

let page = null;
let me = null;
let data = null;
let loads = 0;

/** Today in the browser's time zone, YYYY-MM-DD. */
export function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The as-of date of the page: the URL's asOf when valid, else today. */
export function asOf() {
  const value = new URLSearchParams(window.location.search).get('asOf');
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : today();
}

/** The current user (GET /api/me). */
export function currentUser() {
  return me;
}

/**
 * Starts a page: {@code load({asOf, me})} fetches everything the page shows and returns it; {@code render(data)}
 * draws it (again after a language switch, without fetching).
 */
export function startPage(definition) {
  page = definition;
  applyI18n(document);
  $('#lang-toggle').addEventListener('click', () => setLang(lang() === 'vi' ? 'en' : 'vi'));
  document.addEventListener('langchange', () => {
    renderUser();
    if (data !== null) {
      page.render(data);
    }
  });
  $('#logout').addEventListener('click', () => {
    auth.clear();
    me = null;
    data = null;
    showLogin(null);
  });
  $('#login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn();
  });
  const picker = $('#as-of');
  picker.value = asOf();
  picker.addEventListener('change', () => {
    if (!picker.value) {
      return;
    }
    setAsOf(picker.value);
  });
  $('#as-of-today').addEventListener('click', () => {
    picker.value = today();
    setAsOf(picker.value);
  });
  if (auth.header()) {
    enter();
  } else {
    showLogin(null);
  }
}

function setAsOf(value) {
  const url = new URL(window.location.href);
  url.searchParams.set('asOf', value);
  window.history.replaceState(null, '', url);
  reload();
}

async function signIn() {
  const user = $('#login-user').value.trim();
  const password = $('#login-password').value;
  const token = $('#login-token').value.trim();
  if (token) {
    auth.useBearer(token);
  } else if (user && password) {
    auth.useBasic(user, password);
  } else {
    showLogin('login.missing');
    return;
  }
  $('#login-password').value = '';
  await enter();
}

async function enter() {
  setState('loading');
  try {
    me = await getJson('api/me');
  } catch (e) {
    auth.clear();
    if (e instanceof ApiError && e.status === 401) {
      showLogin('login.wrong');
    } else if (e instanceof ApiError && e.status === 403) {
      showLogin('login.noRole');
    } else {
      showLogin(null);
      showError(e);
    }
    setState('login');
    return;
  }
  $('#login').hidden = true;
  $('#app').hidden = false;
  $('#logout').hidden = false;
  renderUser();
  await reload();
}

function showLogin(messageKey) {
  $('#app').hidden = true;
  $('#logout').hidden = true;
  $('#user-info').hidden = true;
  $('#login').hidden = false;
  const message = $('#login-error');
  message.hidden = !messageKey;
  message.textContent = messageKey ? t(messageKey) : '';
  setState('login');
  $('#login-user').focus();
}

function renderUser() {
  const info = $('#user-info');
  if (!me) {
    info.hidden = true;
    return;
  }
  const roles = me.roles.map((r) => label('role', r)).join(', ');
  const communes = me.communeScoped ? ` · ${me.communes.join(', ')}` : '';
  info.textContent = `${me.name} (${roles}${communes})`;
  info.hidden = false;
}

/** Fetches and draws the page for the picked date; a slower earlier load never overwrites a later one. */
export async function reload() {
  const generation = ++loads;
  setState('loading');
  clearError();
  try {
    const loaded = await page.load({ asOf: asOf(), me });
    if (generation !== loads) {
      return;
    }
    data = loaded;
    page.render(data);
    setState('ready');
  } catch (e) {
    if (generation !== loads) {
      return;
    }
    handle(e);
  }
}

/** Shows an error of the API in the page: 401 back to the login form, 403/404 and others as a message. */
export function handle(error) {
  if (error instanceof ApiError && error.status === 401) {
    auth.clear();
    me = null;
    data = null;
    showLogin('login.expired');
    return;
  }
  showError(error);
  setState('error');
}

export function messageOf(error) {
  if (!(error instanceof ApiError)) {
    return String(error && error.message ? error.message : error);
  }
  const detail = error.problem.detail || error.problem.title || '';
  switch (error.status) {
    case 0:
      return t('error.network', { detail });
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound', { detail });
    default:
      return t('error.other', { status: error.status, detail });
  }
}

export function showError(error) {
  const box = $('#error');
  box.textContent = typeof error === 'string' ? error : messageOf(error);
  box.hidden = false;
}

function clearError() {
  const box = $('#error');
  box.hidden = true;
  box.textContent = '';
}

/** body[data-state]: login, loading, ready or error (tests and styles read it). */
function setState(state) {
  document.body.dataset.state = state;
  const status = $('#status');
  if (status) {
    status.textContent = state === 'loading' ? t('loading') : '';
  }
}

/**
 * Fills a table: columns are {key (the heading's message), value(row) → text or Node, numeric}; rowKey(row) goes to
 * the row's data-key.
 */
export function fillTable(table, columns, rows, rowKey) {
  const head = document.createElement('tr');
  for (const column of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(column.key);
    if (column.numeric) {
      th.className = 'num';
    }
    head.append(th);
  }
  table.tHead ? table.tHead.replaceChildren(head) : table.createTHead().append(head);
  const body = table.tBodies[0] || table.createTBody();
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      if (rowKey) {
        tr.dataset.key = rowKey(row);
      }
      columns.forEach((column, index) => {
        const cell = document.createElement(index === 0 && column.header ? 'th' : 'td');
        if (index === 0 && column.header) {
          cell.scope = 'row';
        }
        const value = column.value(row);
        if (value instanceof Node) {
          cell.append(value);
        } else {
          cell.textContent = value ?? '';
        }
        if (column.numeric) {
          cell.className = 'num';
        }
        tr.append(cell);
      });
      return tr;
    }),
  );
}

/** A link that keeps the page's as-of date. */
export function link(href, text) {
  const a = document.createElement('a');
  const url = new URL(href, document.baseURI);
  url.searchParams.set('asOf', asOf());
  a.href = url.pathname.replace(/^.*\//, '') + url.search;
  a.textContent = text;
  return a;
}

/** Sets an element's text; el may be a selector. */
export function text(el, value) {
  (typeof el === 'string' ? $(el) : el).textContent = value;
}
