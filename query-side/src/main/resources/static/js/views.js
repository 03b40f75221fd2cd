// Charts and tables that the dashboard and the commune page both show.

import { COLORS, draw } from './charts.js';
import { date, label, number, percent, t, vnd } from './i18n.js';
import { fillTable } from './ui.js';

const TARGET_FALL = 1.5;

/** A point of a time series: the year for a 31 December, else the date; the last point always as a date. */
export function pointLabel(day, isLast) {
  return day.endsWith('-12-31') && !isLast ? day.slice(0, 4) : date(day);
}

/** The target line: from the first point's poor rate, 1.5 points lower per year elapsed (never below 0). */
export function targetLine(dates, poorRates) {
  const start = poorRates.findIndex((r) => r !== null);
  if (start < 0) {
    return dates.map(() => null);
  }
  const from = Date.parse(dates[start]);
  return dates.map((day, i) => {
    if (i < start) {
      return null;
    }
    const years = (Date.parse(day) - from) / (365.2425 * 24 * 3600 * 1000);
    return Math.max(0, Math.round((poorRates[start] - TARGET_FALL * years) * 100) / 100);
  });
}

/** Poor and near-poor rates over time with the target line. */
export function drawTrend(el, labels, poor, nearPoor, target, scopeName) {
  const last = poor.length - 1;
  draw(
    el,
    {
      grid: { left: 8, right: 40, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, boundaryGap: false, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value} %' } },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => (v === null || v === undefined ? '—' : percent(v)) },
      series: [
        { name: t('series.poor'), type: 'line', data: poor, color: COLORS.poor, symbolSize: 8, lineStyle: { width: 3 } },
        { name: t('series.nearPoor'), type: 'line', data: nearPoor, color: COLORS.nearPoor, symbol: 'diamond', symbolSize: 8 },
        {
          name: t('series.target'),
          type: 'line',
          data: target,
          color: COLORS.target,
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 2 },
        },
      ],
    },
    `${t('trend.title')} — ${scopeName}: ${labels[0]} ${percent(poor[0] ?? 0)} → ${labels[last]} ${percent(poor[last] ?? 0)}`,
  );
}

export function badge(met) {
  const span = document.createElement('span');
  span.className = `badge ${met ? 'ok' : 'warn'}`;
  span.textContent = t(met ? 'kpi.met' : 'kpi.notMet');
  return span;
}

/** Coverage per universal policy against 100%. */
export function drawCoverage(el, policies) {
  const names = policies.map((p) => label('policy', p.policyCode));
  draw(
    el,
    {
      grid: { left: 8, right: 32, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 150, overflow: 'break' } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => percent(v) },
      series: [
        {
          name: t('series.coverage'),
          type: 'bar',
          data: policies.map((p) => Number(p.coverageRate)),
          color: COLORS.coverage,
          label: { show: true, position: 'insideRight', color: '#fff', formatter: (p) => percent(p.value) },
          markLine: {
            symbol: 'none',
            data: [{ xAxis: 100, name: t('coverage.target') }],
            lineStyle: { color: COLORS.target, type: 'dashed', width: 2 },
            label: { formatter: t('coverage.target'), position: 'end' },
          },
        },
      ],
    },
    `${t('coverage.title')}: ${policies.map((p) => `${label('policy', p.policyCode)} ${percent(p.coverageRate)}`).join('; ')}`,
  );
}

export function fillCoverageTable(table, policies) {
  fillTable(
    table,
    [
      { key: 'col.policy', value: (p) => label('policy', p.policyCode), header: true },
      { key: 'col.entitled', value: (p) => number(p.entitled), numeric: true },
      { key: 'col.covered', value: (p) => number(p.covered), numeric: true },
      { key: 'col.rate', value: (p) => percent(p.coverageRate), numeric: true },
    ],
    policies,
    (p) => p.policyCode,
  );
}

/** Outstanding principal and overdue amount per programme. */
export function drawLoans(el, programs) {
  const million = (v) => Math.round(v / 100_000) / 10;
  draw(
    el,
    {
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, axisLabel: { formatter: (v) => number(v) } },
      yAxis: {
        type: 'category',
        data: programs.map((p) => label('program', p.programCode)),
        inverse: true,
        axisLabel: { width: 150, overflow: 'break' },
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => number(v) },
      series: [
        { name: t('series.outstanding'), type: 'bar', data: programs.map((p) => million(p.outstanding)), color: COLORS.outstanding },
        { name: t('series.overdue'), type: 'bar', data: programs.map((p) => million(p.overdueAmount)), color: COLORS.overdue },
      ],
    },
    `${t('loans.title')}: ${programs
      .map((p) => `${label('program', p.programCode)} ${vnd(p.outstanding)} / ${vnd(p.overdueAmount)}`)
      .join('; ')}`,
  );
}

export function fillLoanTable(table, programs) {
  fillTable(
    table,
    [
      { key: 'col.program', value: (p) => label('program', p.programCode), header: true },
      { key: 'col.active', value: (p) => number(p.active), numeric: true },
      { key: 'col.outstanding', value: (p) => vnd(p.outstanding), numeric: true },
      { key: 'col.overdueLoans', value: (p) => number(p.overdueLoans), numeric: true },
      { key: 'col.overdueAmount', value: (p) => vnd(p.overdueAmount), numeric: true },
    ],
    programs,
    (p) => p.programCode,
  );
}
