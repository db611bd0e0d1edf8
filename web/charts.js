// Live training charts on uPlot (vendored from npm at build time). Points are pushed as they arrive and the
// chart redraws at most once per animation frame, whatever the message rate.
import uPlot from './vendor/uPlot.esm.js';

export class LiveChart {
  constructor(container, { xLabel, yLabel, color, yRange }) {
    this.x = [];
    this.y = [];
    this.pending = false;
    const width = Math.max(260, container.clientWidth || 320);
    this.plot = new uPlot({
      width,
      height: 170,
      legend: { show: false },
      cursor: { show: false },
      // x from 0 to the last point (at least 1): uPlot widens a lone point's range to either side of it, which
      // would draw a one-epoch run's accuracy on an axis to 2 beside its loss on an axis to 1.
      scales: { x: { time: false, range: (u, min, max) => [0, Math.max(1, this.x.at(-1) ?? max)] }, y: yRange ? { range: yRange } : {} },
      axes: [
        { label: xLabel, stroke: '#9aa4b2', grid: { stroke: '#2a3140' }, ticks: { stroke: '#2a3140' } },
        { label: yLabel, stroke: '#9aa4b2', grid: { stroke: '#2a3140' }, ticks: { stroke: '#2a3140' }, size: 50 },
      ],
      // Points drawn by uPlot only while they are sparse: the first epochs' accuracy is one or two points, no line.
      series: [{}, { stroke: color, width: 2, points: { size: 6, fill: color } }],
    }, [this.x, this.y], container);
    new ResizeObserver(() => this.plot.setSize({ width: Math.max(260, container.clientWidth), height: 170 })).observe(container);
    // Draw once now, while the page is idle: the first drawing with data (axes, text) is the slow one, and it
    // would otherwise land in the middle of the first training run.
    this.plot.setData([[0, 1], [0, 1]]);
    this.plot.setData([this.x, this.y]);
  }

  push(x, y) {
    this.x.push(x);
    this.y.push(y);
    this.schedule();
  }

  clear() {
    this.x.length = 0;
    this.y.length = 0;
    this.schedule();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.x, this.y]);
    });
  }
}
