// A commune's page (commune.html?code=CL01&asOf=...): its rates over time, households by status and their list,
// the coverage gaps to act on, its loans, and the periodic report it sends to the district (CSV, printable page,
// JSON), all as of the picked date.

import { ApiError, getFile, getJson, saveBlob } from './api.js';
import { COLORS, draw } from './charts.js';
import { date, label, number, percent, t } from './i18n.js';
import { asOf, fillTable, handle, link, startPage, text } from './ui.js';
import {
  drawCoverage,
  drawLoans,
  drawTrend,
  fillCoverageTable,
  fillLoanTable,
  pointLabel,
  targetLine,
} from './views.js';

const STATUSES = ['POOR', 'NEAR_POOR', 'NOT_POOR', 'UNCLASSIFIED'];
const YEARS_BACK = 5;
const PAGE_SIZE = 20;

const code = (new URLSearchParams(window.location.search).get('code') || '').trim();
const lists = {
  households: { page: 0, status: '' },
  gaps: { page: 0 },
};
let current = null;

async function load({ asOf: day }) {
  if (!code) {
    throw new Error(t('commune.missingCode'));
  }
  let commune;
  try {
    commune = await getJson(`api/communes/${encodeURIComponent(code)}`, { asOf: day });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      throw new Error(t('commune.notFound', { code }));
    }
    throw e;
  }
  const year = Number(day.slice(0, 4));
  const dates = [];
  for (let y = year - YEARS_BACK; y < year; y++) {
    dates.push(`${y}-12-31`);
  }
  dates.push(day);
  const [reports, counts, households, coverage, gaps, loans] = await Promise.all([
    Promise.all(dates.map((d) => getJson('api/reports/poverty', { asOf: d, communeCode: code }))),
    Promise.all(
      STATUSES.map((status) =>
        getJson('api/households', { communeCode: code, status, size: 1, asOf: day }).then((page) => page.total),
      ),
    ),
    householdsPage(day),
    getJson('api/reports/coverage', { asOf: day, communeCode: code }),
    gapsPage(day),
    getJson('api/reports/loans', { asOf: day, communeCode: code }),
  ]);
  current = { asOf: day, commune, dates, reports, counts, households, coverage, gaps, loans };
  return current;
}

function householdsPage(day) {
  return getJson('api/households', {
    communeCode: code,
    status: lists.households.status,
    page: lists.households.page,
    size: PAGE_SIZE,
    asOf: day,
  });
}

function gapsPage(day) {
  return getJson('api/reports/coverage/gaps', {
    communeCode: code,
    page: lists.gaps.page,
    size: PAGE_SIZE,
    asOf: day,
  });
}

function render(data) {
  const name = `${data.commune.code} — ${data.commune.name}`;
  text('#commune-name', name);
  document.title = `${name} · ${t('commune.pageTitle')}`;
  text('#as-of-label', date(data.asOf));
  showBackLink();

  const now = figuresOf(data.reports[data.reports.length - 1]);
  text('#kpi-poor-rate', now ? percent(now.poorRate) : '—');
  text('#kpi-poor-note', now ? t('kpi.poorCount', { count: number(now.poor) }) : '');
  text('#kpi-near-poor-rate', now ? percent(now.nearPoorRate) : '—');
  text('#kpi-near-poor-note', now ? t('kpi.nearPoorCount', { count: number(now.nearPoor) }) : '');
  text('#kpi-households', now ? number(now.totalHouseholds) : '—');

  renderTrend(data, name);
  renderStatuses(data);
  renderHouseholds(data);
  drawCoverage(document.querySelector('#coverage-chart'), data.coverage.policies);
  fillCoverageTable(document.querySelector('#coverage-table'), data.coverage.policies);
  renderGaps(data);
  drawLoans(document.querySelector('#loans-chart'), data.loans.programs);
  fillLoanTable(document.querySelector('#loans-table'), data.loans.programs);
  renderPeriodic();
}

/** The way back to the dashboard, at the same date (also when the commune cannot be shown). */
function showBackLink() {
  document.querySelector('#back-link').replaceChildren(link('index.html', t('back')));
}

function figuresOf(report) {
  return report.communes.find((c) => c.communeCode === code) || null;
}

function renderTrend(data, name) {
  const figures = data.reports.map(figuresOf);
  // no rate before the commune's household total was recorded (the target line starts at the first real rate)
  const poor = figures.map((f) => (f && f.totalHouseholds > 0 ? Number(f.poorRate) : null));
  const nearPoor = figures.map((f) => (f && f.totalHouseholds > 0 ? Number(f.nearPoorRate) : null));
  const target = targetLine(data.dates, poor);
  const labels = data.dates.map((d, i) => pointLabel(d, i === data.dates.length - 1));
  drawTrend(document.querySelector('#trend-chart'), labels, poor, nearPoor, target, name);
  fillTable(
    document.querySelector('#trend-table'),
    [
      { key: 'col.date', value: (i) => labels[i], header: true },
      { key: 'col.poorRate', value: (i) => (poor[i] === null ? '—' : percent(poor[i])), numeric: true },
      { key: 'col.target', value: (i) => (target[i] === null ? '—' : percent(target[i])), numeric: true },
      { key: 'col.nearPoorRate', value: (i) => (nearPoor[i] === null ? '—' : percent(nearPoor[i])), numeric: true },
      { key: 'col.poor', value: (i) => (figures[i] ? number(figures[i].poor) : '—'), numeric: true },
      { key: 'col.nearPoor', value: (i) => (figures[i] ? number(figures[i].nearPoor) : '—'), numeric: true },
    ],
    data.dates.map((d, i) => i),
    (i) => data.dates[i],
  );
}

function renderStatuses(data) {
  const rows = STATUSES.map((status, i) => ({ status, count: data.counts[i] }));
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  draw(
    document.querySelector('#status-chart'),
    {
      tooltip: { trigger: 'item', confine: true },
      series: [
        {
          name: t('status.title'),
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['50%', '58%'],
          label: { formatter: (p) => `${p.name}: ${number(p.value)}` },
          data: rows.map((r) => ({
            name: label('statusName', r.status),
            value: r.count,
            itemStyle: { color: COLORS.statuses[r.status] },
          })),
        },
      ],
    },
    `${t('status.title')}: ${rows.map((r) => `${label('statusName', r.status)} ${r.count}`).join('; ')}`,
  );
  fillTable(
    document.querySelector('#status-table'),
    [
      { key: 'col.status', value: (r) => label('statusName', r.status), header: true },
      { key: 'col.count', value: (r) => number(r.count), numeric: true },
      { key: 'col.rate', value: (r) => percent(total === 0 ? 0 : (100 * r.count) / total), numeric: true },
    ],
    rows,
    (r) => r.status,
  );
}

function renderHouseholds(data) {
  const filter = document.querySelector('#household-filter');
  filter.replaceChildren(
    ...['', ...STATUSES].map((status) => {
      const option = document.createElement('option');
      option.value = status;
      option.textContent = status ? label('statusName', status) : t('households.all');
      option.selected = status === lists.households.status;
      return option;
    }),
  );
  filter.onchange = () => {
    lists.households.status = filter.value;
    lists.households.page = 0;
    refresh('households', householdsPage);
  };
  fillTable(
    document.querySelector('#household-table'),
    [
      { key: 'col.head', value: (h) => h.head.fullName, header: true },
      { key: 'col.hamlet', value: (h) => h.hamlet },
      { key: 'col.status', value: (h) => label('statusName', h.status) },
      { key: 'col.since', value: (h) => date(h.statusSince) },
      { key: 'col.members', value: (h) => number(h.memberCount), numeric: true },
      {
        key: 'col.flags',
        value: (h) =>
          [h.meritHousehold ? t('flag.merit') : null, h.ethnicMinority ? t('flag.minority') : null]
            .filter(Boolean)
            .join(', '),
      },
    ],
    data.households.items,
    (h) => h.householdId,
  );
  pager('#household-pager', data.households, 'households', householdsPage, 'households.page');
}

function renderGaps(data) {
  text('#gaps-total', data.gaps.total === 0 ? t('gaps.none') : t('gaps.total', { total: number(data.gaps.total) }));
  fillTable(
    document.querySelector('#gaps-table'),
    [
      { key: 'col.head', value: (g) => g.headName, header: true },
      { key: 'col.hamlet', value: (g) => g.hamlet },
      { key: 'col.status', value: (g) => label('statusName', g.status) },
      { key: 'col.policy', value: (g) => label('policy', g.policyCode) },
    ],
    data.gaps.items,
    (g) => `${g.householdId}:${g.policyCode}`,
  );
  pager('#gaps-pager', data.gaps, 'gaps', gapsPage, 'households.page');
}

/** Previous / next buttons under a paged table; they fetch only that list. */
function pager(selector, page, list, fetchPage, messageKey) {
  const box = document.querySelector(selector);
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  const info = document.createElement('span');
  info.textContent = t(messageKey, { page: page.page + 1, pages, total: number(page.total) });
  const button = (key, target, disabled) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t(key);
    b.disabled = disabled;
    b.onclick = () => {
      lists[list].page = target;
      refresh(list, fetchPage);
    };
    return b;
  };
  box.replaceChildren(
    button('households.prev', page.page - 1, page.page <= 0),
    info,
    button('households.next', page.page + 1, page.page + 1 >= pages),
  );
}

async function refresh(list, fetchPage) {
  if (!current) {
    return;
  }
  try {
    current[list] = await fetchPage(current.asOf);
    if (list === 'households') {
      renderHouseholds(current);
    } else {
      renderGaps(current);
    }
  } catch (e) {
    handle(e);
  }
}

// ---- the periodic report (GET /api/reports/communes/{code}/periodic?period=&format=)

let periodicReady = false;
const PRINTABLE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

function renderPeriodic() {
  const kind = document.querySelector('#periodic-kind');
  const year = document.querySelector('#periodic-year');
  const month = document.querySelector('#periodic-month');
  const quarter = document.querySelector('#periodic-quarter');
  if (!periodicReady) {
    // the last full quarter (and month) before the page's date
    const day = asOf();
    const y = Number(day.slice(0, 4));
    const m = Number(day.slice(5, 7));
    const q = Math.floor((m - 1) / 3);
    year.value = q === 0 ? y - 1 : y;
    quarter.value = String(q === 0 ? 4 : q);
    month.value = String(m === 1 ? 12 : m - 1);
    for (const el of [kind, year, month, quarter]) {
      el.addEventListener('change', showPeriod);
      el.addEventListener('input', showPeriod);
    }
    document.querySelector('#periodic-form').addEventListener('submit', (event) => event.preventDefault());
    document.querySelector('#periodic-csv').addEventListener('click', () => download('csv'));
    document.querySelector('#periodic-json').addEventListener('click', () => download('json'));
    document.querySelector('#periodic-html').addEventListener('click', openPrintable);
    periodicReady = true;
  }
  for (const option of month.options) {
    option.textContent = `${t('periodic.month')} ${option.value}`;
  }
  for (const option of quarter.options) {
    option.textContent = `${t('periodic.quarter')} ${option.value}`;
  }
  showPeriod();
}

/** The period as the API names it: 2024, 2024-Q3 or 2024-07. */
export function period() {
  const kind = document.querySelector('#periodic-kind').value;
  const year = String(document.querySelector('#periodic-year').value).padStart(4, '0');
  if (kind === 'year') {
    return year;
  }
  if (kind === 'month') {
    return `${year}-${String(document.querySelector('#periodic-month').value).padStart(2, '0')}`;
  }
  return `${year}-Q${document.querySelector('#periodic-quarter').value}`;
}

function showPeriod() {
  const kind = document.querySelector('#periodic-kind').value;
  document.querySelector('#periodic-month-field').hidden = kind !== 'month';
  document.querySelector('#periodic-quarter-field').hidden = kind !== 'quarter';
  text('#periodic-period', period());
}

function periodicStatus(message, isError) {
  const status = document.querySelector('#periodic-status');
  status.textContent = message;
  status.classList.toggle('error', Boolean(isError));
}

function periodicFailed(e) {
  if (e instanceof ApiError && e.status === 401) {
    handle(e);
    return;
  }
  if (e instanceof ApiError && e.status === 404) {
    periodicStatus(t('periodic.missing', { detail: e.problem.detail || e.problem.title || '404' }), true);
    return;
  }
  periodicStatus(e instanceof ApiError ? t('error.other', { status: e.status, detail: e.message }) : String(e), true);
}

function fetchPeriodic(format) {
  const p = period();
  return getFile(
    `api/reports/communes/${encodeURIComponent(code)}/periodic`,
    { period: p, format },
    `bao-cao-${code}-${p}.${format}`,
  );
}

async function download(format) {
  periodicStatus(t('periodic.loading', { period: period() }), false);
  try {
    const file = await fetchPeriodic(format);
    saveBlob(file.blob, file.filename);
    periodicStatus(t('periodic.saved', { file: file.filename }), false);
  } catch (e) {
    periodicFailed(e);
  }
}

async function openPrintable() {
  // opened now, while the click still counts as the user's, so that no pop-up blocker stops it
  const win = window.open('', '_blank');
  const p = period();
  periodicStatus(t('periodic.loading', { period: p }), false);
  try {
    const file = await fetchPeriodic('html');
    // a blob: page runs in this page's origin and loses the server's Content-Security-Policy header: keep it
    const policy = `<meta http-equiv="Content-Security-Policy" content="${PRINTABLE_POLICY}">`;
    const html = await file.blob.text();
    const withPolicy = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => head + policy) : policy + html;
    const blob = new Blob([withPolicy], { type: 'text/html;charset=utf-8' });
    if (win) {
      win.location.href = URL.createObjectURL(blob);
      periodicStatus(t('periodic.opened', { period: p }), false);
    } else {
      saveBlob(blob, file.filename);
      periodicStatus(t('periodic.saved', { file: file.filename }), false);
    }
  } catch (e) {
    if (win) {
      win.close();
    }
    periodicFailed(e);
  }
}

showBackLink();
document.addEventListener('langchange', showBackLink);
startPage({ load, render });
