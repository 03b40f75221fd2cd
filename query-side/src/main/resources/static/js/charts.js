// Charts with Apache ECharts from its webjar (served by the app at /webjars/echarts/, version in the pom), drawn as
// SVG. Every chart has a text label (role="img") and a table with the same figures next to it.

import * as echarts from '../webjars/echarts/dist/echarts.esm.min.js';

/** Colours with at least 4.5:1 contrast on white. */
export const COLORS = {
  poor: '#b03a2e',
  nearPoor: '#9a5b00',
  target: '#1e7d44',
  coverage: '#1f5f8b',
  outstanding: '#1f5f8b',
  overdue: '#b03a2e',
  statuses: { UNCLASSIFIED: '#6c757d', POOR: '#b03a2e', NEAR_POOR: '#9a5b00', NOT_POOR: '#1e7d44' },
};

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Draws option into el (replacing what was there) and describes it for screen readers. */
export function draw(el, option, description) {
  let chart = echarts.getInstanceByDom(el);
  if (!chart) {
    chart = echarts.init(el, null, { renderer: 'svg' });
    new ResizeObserver(() => chart.resize()).observe(el);
  }
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', description);
  chart.setOption(
    {
      animation: !reducedMotion,
      animationDuration: 400,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif' },
      tooltip: { trigger: 'axis', confine: true },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      ...option,
    },
    true,
  );
  return chart;
}
