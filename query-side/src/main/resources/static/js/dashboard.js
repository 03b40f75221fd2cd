// The district dashboard (/): poor and near-poor rates over time against the 1.5-point target, each commune's
// rates, the coverage of the universal policies and the loan portfolio, all as of the picked date. Commune officers
// get the same page over their own communes (the API scopes every report to them).

import { getJson } from './api.js';
import { COLORS, draw } from './charts.js';
import { date, decimal, millionVnd, number, percent, points, t } from './i18n.js';
import { currentUser, fillTable, link, startPage, text } from './ui.js';
import {
  badge,
  drawCoverage,
  drawLoans,
  drawTrend,
  fillCoverageTable,
  fillLoanTable,
  pointLabel,
  targetLine,
} from './views.js';

const YEARS_BACK = 5;
const DISTRICT = '';

let trendScope = DISTRICT;

async function load({ asOf }) {
  const year = Number(asOf.slice(0, 4));
  const dates = [];
  for (let y = year - YEARS_BACK; y < year; y++) {
    dates.push(`${y}-12-31`);
  }
  dates.push(asOf);
  const lastFullYear = asOf.endsWith('-12-31') ? year : year - 1;
  const [reports, coverage, loans, targets] = await Promise.all([
    Promise.all(dates.map((d) => getJson('api/reports/poverty', { asOf: d }))),
    getJson('api/reports/coverage', { asOf }),
    getJson('api/reports/loans', { asOf }),
    getJson('api/reports/targets', { fromYear: year - YEARS_BACK + 1, toYear: lastFullYear }),
  ]);
  return { asOf, dates, reports, coverage, loans, targets };
}

function render(data) {
  const now = data.reports[data.reports.length - 1];
  const me = currentUser();
  text('#scope-label', t(me && me.communeScoped ? 'scope.mine' : 'scope.district'));
  text('#as-of-label', date(data.asOf));
  renderKpis(data, now);
  renderTrend(data);
  renderCommunes(data, now);
  renderTargets(data);
  renderCoverage(data);
  renderLoans(data);
}

function renderKpis(data, now) {
  const d = now.district;
  text('#kpi-poor-rate', percent(d.poorRate));
  text('#kpi-poor-note', t('kpi.poorCount', { count: number(d.poor) }));
  text('#kpi-near-poor-rate', percent(d.nearPoorRate));
  text('#kpi-near-poor-note', t('kpi.nearPoorCount', { count: number(d.nearPoor) }));
  text('#kpi-households', number(d.totalHouseholds));

  const targets = data.targets;
  const badge = document.querySelector('#kpi-reduction-badge');
  if (targets && targets.years && targets.years.length > 0 && targets.averageReduction !== null) {
    const met = Number(targets.averageReduction) >= Number(targets.targetReduction);
    text('#kpi-reduction', `${decimal(targets.averageReduction)} ${t('unit.points')}`);
    text(
      '#kpi-reduction-note',
      t('kpi.reduction.note', { target: decimal(targets.targetReduction), from: targets.fromYear, to: targets.toYear }),
    );
    badge.textContent = t(met ? 'kpi.met' : 'kpi.notMet');
    badge.className = `badge ${met ? 'ok' : 'warn'}`;
    badge.hidden = false;
  } else {
    text('#kpi-reduction', '—');
    text('#kpi-reduction-note', t('kpi.reduction.none'));
    badge.hidden = true;
  }

  const policies = data.coverage.policies;
  const entitled = policies.reduce((sum, p) => sum + p.entitled, 0);
  const covered = policies.reduce((sum, p) => sum + p.covered, 0);
  text('#kpi-coverage', percent(entitled === 0 ? 100 : (100 * covered) / entitled));
  text('#kpi-coverage-note', t('kpi.coverage.note', { covered: number(covered), entitled: number(entitled) }));

  const programs = data.loans.programs;
  text('#kpi-loans', millionVnd(programs.reduce((sum, p) => sum + p.outstanding, 0)));
  text(
    '#kpi-loans-note',
    t('kpi.loans.note', { overdue: millionVnd(programs.reduce((sum, p) => sum + p.overdueAmount, 0)) }),
  );
}

/** The figures of the chosen scope (the district, or one commune) in a poverty report; null when absent. */
function figuresOf(report, scope) {
  return scope === DISTRICT ? report.district : report.communes.find((c) => c.communeCode === scope) || null;
}

function renderTrend(data) {
  const select = document.querySelector('#trend-scope');
  const now = data.reports[data.reports.length - 1];
  const options = [[DISTRICT, t(currentUser() && currentUser().communeScoped ? 'scope.mine' : 'scope.district')]];
  for (const c of now.communes) {
    options.push([c.communeCode, `${c.communeCode} — ${c.name}`]);
  }
  if (!options.some(([value]) => value === trendScope)) {
    trendScope = DISTRICT;
  }
  select.replaceChildren(
    ...options.map(([value, name]) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = name;
      option.selected = value === trendScope;
      return option;
    }),
  );
  select.onchange = () => {
    trendScope = select.value;
    renderTrend(data);
  };

  const figures = data.reports.map((r) => figuresOf(r, trendScope));
  // no rate before the commune's household total was recorded (the target line starts at the first real rate)
  const poor = figures.map((f) => (f && f.totalHouseholds > 0 ? Number(f.poorRate) : null));
  const nearPoor = figures.map((f) => (f && f.totalHouseholds > 0 ? Number(f.nearPoorRate) : null));
  const target = targetLine(data.dates, poor);
  const labels = data.dates.map((d, i) => pointLabel(d, i === data.dates.length - 1));
  const scopeName = options.find(([value]) => value === trendScope)[1];
  drawTrend(document.querySelector('#trend-chart'), labels, poor, nearPoor, target, scopeName);

  fillTable(
    document.querySelector('#trend-table'),
    [
      { key: 'col.date', value: (i) => labels[i], header: true },
      { key: 'col.poorRate', value: (i) => (poor[i] === null ? '—' : percent(poor[i])), numeric: true },
      { key: 'col.target', value: (i) => (target[i] === null ? '—' : percent(target[i])), numeric: true },
      { key: 'col.nearPoorRate', value: (i) => (nearPoor[i] === null ? '—' : percent(nearPoor[i])), numeric: true },
      { key: 'col.poor', value: (i) => (figures[i] ? number(figures[i].poor) : '—'), numeric: true },
      { key: 'col.nearPoor', value: (i) => (figures[i] ? number(figures[i].nearPoor) : '—'), numeric: true },
      { key: 'col.households', value: (i) => (figures[i] ? number(figures[i].totalHouseholds) : '—'), numeric: true },
    ],
    data.dates.map((d, i) => i),
    (i) => data.dates[i],
  );
}

function renderCommunes(data, now) {
  const previous = data.reports.length > 1 ? data.reports[data.reports.length - 2] : null;
  const communes = now.communes;
  const el = document.querySelector('#communes-chart');
  el.style.height = `${Math.max(220, 70 + communes.length * 30)}px`;
  const names = communes.map((c) => `${c.communeCode} ${c.name}`);
  draw(
    el,
    {
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 150, overflow: 'truncate' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => percent(v) },
      series: [
        { name: t('series.poor'), type: 'bar', data: communes.map((c) => Number(c.poorRate)), color: COLORS.poor },
        { name: t('series.nearPoor'), type: 'bar', data: communes.map((c) => Number(c.nearPoorRate)), color: COLORS.nearPoor },
      ],
    },
    `${t('communes.title')}: ${communes.map((c) => `${c.name} ${percent(c.poorRate)}`).join('; ')}`,
  );

  fillTable(
    document.querySelector('#commune-table'),
    [
      { key: 'col.code', value: (c) => c.communeCode, header: true },
      { key: 'col.commune', value: (c) => link(`commune.html?code=${encodeURIComponent(c.communeCode)}`, c.name) },
      { key: 'col.households', value: (c) => number(c.totalHouseholds), numeric: true },
      { key: 'col.poor', value: (c) => number(c.poor), numeric: true },
      { key: 'col.poorRate', value: (c) => percent(c.poorRate), numeric: true },
      {
        key: 'col.change',
        value: (c) => {
          const before = previous && previous.communes.find((p) => p.communeCode === c.communeCode);
          return before ? points(Number(c.poorRate) - Number(before.poorRate)) : '—';
        },
        numeric: true,
      },
      { key: 'col.nearPoor', value: (c) => number(c.nearPoor), numeric: true },
      { key: 'col.nearPoorRate', value: (c) => percent(c.nearPoorRate), numeric: true },
      { key: 'col.meritPoor', value: (c) => number(c.meritPoor), numeric: true },
    ],
    communes,
    (c) => c.communeCode,
  );
}

function renderTargets(data) {
  const years = (data.targets && data.targets.years) || [];
  fillTable(
    document.querySelector('#targets-table'),
    [
      { key: 'col.year', value: (y) => String(y.year), header: true },
      { key: 'col.poorRate', value: (y) => percent(y.poorRate), numeric: true },
      { key: 'col.reduction', value: (y) => points(y.reduction), numeric: true },
      { key: 'col.met', value: (y) => badge(y.met) },
      { key: 'col.meritPoor', value: (y) => number(y.meritPoor), numeric: true },
      { key: 'col.coverage', value: (y) => percent(y.coverage), numeric: true },
    ],
    years,
    (y) => String(y.year),
  );
}

function renderCoverage(data) {
  drawCoverage(document.querySelector('#coverage-chart'), data.coverage.policies);
  fillCoverageTable(document.querySelector('#coverage-table'), data.coverage.policies);
}

function renderLoans(data) {
  drawLoans(document.querySelector('#loans-chart'), data.loans.programs);
  fillLoanTable(document.querySelector('#loans-table'), data.loans.programs);
}

startPage({ load, render });
