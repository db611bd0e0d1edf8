// Our own test set of drawn digits: every digit in the styles people write it, as pen strokes in a unit box
// (x right, y down), and the ways the same style varies on a canvas (size, place, slant, pen width, mouse or
// finger). Written from how people write, not from what the models read well; nothing here is tuned to a model.
//
// A stroke is a list of [x, y] points, joined by straight lines; curve() and arc() make smooth ones.

// A smooth stroke through the points (Catmull-Rom), as a dense polyline.
function curve(...points) {
  const out = [];
  const p = (i) => points[Math.max(0, Math.min(points.length - 1, i))];
  for (let i = 0; i < points.length - 1; i++) {
    const [p0, p1, p2, p3] = [p(i - 1), p(i), p(i + 1), p(i + 2)];
    for (let s = 0; s < 6; s++) {
      const t = s / 6, t2 = t * t, t3 = t2 * t;
      const at = (k) => 0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2 +
        (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3);
      out.push([at(0), at(1)]);
    }
  }
  out.push(points[points.length - 1]);
  return out;
}

// Part of an ellipse: centre (cx, cy), radii (rx, ry), from angle `start` (0 = right, π/2 = down) through
// `turns` whole turns (negative: anticlockwise on screen).
function arc(cx, cy, rx, ry, start, turns) {
  const points = [];
  const n = Math.max(8, Math.round(Math.abs(turns) * 40));
  for (let i = 0; i <= n; i++) {
    const a = start + (i / n) * turns * 2 * Math.PI;
    points.push([cx + rx * Math.cos(a), cy + ry * Math.sin(a)]);
  }
  return points;
}

const UP = -Math.PI / 2;

export const STYLES = {
  // 0
  '0': { digit: 0, strokes: [arc(0.5, 0.5, 0.38, 0.48, UP, -1.05)] },
  '0-narrow': { digit: 0, strokes: [arc(0.5, 0.5, 0.24, 0.48, UP + 0.3, -1.08)] },
  '0-overshoot': { digit: 0, strokes: [arc(0.5, 0.52, 0.36, 0.46, UP - 0.5, -1.15)] },
  // 1
  '1': { digit: 1, strokes: [[[0.5, 0.02], [0.5, 0.98]]] },
  '1-flag': { digit: 1, strokes: [[[0.25, 0.25], [0.55, 0.02], [0.55, 0.98]]] },
  '1-long-flag': { digit: 1, strokes: [[[0.12, 0.4], [0.62, 0.02], [0.6, 0.98]]] },
  '1-foot': { digit: 1, strokes: [[[0.28, 0.22], [0.55, 0.02], [0.55, 0.98]], [[0.25, 0.98], [0.85, 0.98]]] },
  // 2
  '2': { digit: 2, strokes: [curve([0.15, 0.25], [0.45, 0.03], [0.8, 0.15], [0.75, 0.45], [0.15, 0.95]).concat([[0.9, 0.95]])] },
  '2-loop': { digit: 2, strokes: [curve([0.15, 0.22], [0.5, 0.02], [0.82, 0.2], [0.7, 0.5], [0.25, 0.88], [0.15, 0.95], [0.3, 0.8], [0.5, 0.92], [0.9, 0.95])] },
  '2-angular': { digit: 2, strokes: [curve([0.15, 0.15], [0.5, 0.02], [0.85, 0.18]).concat([[0.12, 0.96], [0.9, 0.96]])] },
  // 3
  '3': { digit: 3, strokes: [curve([0.15, 0.12], [0.5, 0.02], [0.82, 0.18], [0.78, 0.38], [0.42, 0.48], [0.82, 0.6], [0.85, 0.85], [0.5, 0.98], [0.12, 0.86])] },
  '3-flat-top': { digit: 3, strokes: [[[0.15, 0.04], [0.85, 0.04], [0.4, 0.42]].concat(curve([0.4, 0.42], [0.8, 0.55], [0.85, 0.8], [0.5, 0.98], [0.15, 0.88]))] },
  // 4
  '4': { digit: 4, strokes: [[[0.6, 0.02], [0.1, 0.66], [0.92, 0.66]], [[0.66, 0.3], [0.66, 0.98]]] },
  '4-open': { digit: 4, strokes: [[[0.2, 0.02], [0.12, 0.6], [0.88, 0.6]], [[0.7, 0.05], [0.7, 0.98]]] },
  '4-closed-narrow': { digit: 4, strokes: [[[0.7, 0.02], [0.2, 0.7], [0.85, 0.7]], [[0.7, 0.02], [0.7, 0.98]]] },
  '4-crossed': { digit: 4, strokes: [[[0.35, 0.02], [0.1, 0.62], [0.95, 0.62]], [[0.7, 0.15], [0.68, 0.98]]] },
  // 5
  '5': { digit: 5, strokes: [[[0.82, 0.04], [0.25, 0.04], [0.2, 0.45]].concat(curve([0.2, 0.45], [0.55, 0.36], [0.85, 0.55], [0.82, 0.82], [0.5, 0.98], [0.15, 0.88]))] },
  '5-two-strokes': { digit: 5, strokes: [[[0.28, 0.05], [0.22, 0.45]].concat(curve([0.22, 0.45], [0.6, 0.38], [0.85, 0.6], [0.75, 0.9], [0.4, 0.98], [0.15, 0.85])), [[0.28, 0.05], [0.85, 0.04]]] },
  '5-round': { digit: 5, strokes: [[[0.8, 0.04], [0.3, 0.04], [0.22, 0.42]].concat(curve([0.22, 0.42], [0.6, 0.35], [0.85, 0.62], [0.7, 0.92], [0.35, 0.95], [0.2, 0.75]))] },
  // 6
  '6': { digit: 6, strokes: [curve([0.75, 0.03], [0.4, 0.25], [0.18, 0.6], [0.25, 0.9], [0.55, 0.98], [0.8, 0.8], [0.72, 0.55], [0.45, 0.5], [0.2, 0.68])] },
  '6-straight': { digit: 6, strokes: [[[0.55, 0.02], [0.28, 0.6]].concat(curve([0.28, 0.6], [0.25, 0.88], [0.55, 0.98], [0.78, 0.8], [0.62, 0.58], [0.3, 0.65]))] },
  '6-big-loop': { digit: 6, strokes: [curve([0.7, 0.02], [0.35, 0.2], [0.15, 0.55], [0.25, 0.92], [0.6, 0.97], [0.85, 0.7], [0.7, 0.4], [0.4, 0.38], [0.18, 0.55])] },
  // 7
  '7': { digit: 7, strokes: [[[0.1, 0.05], [0.9, 0.05], [0.4, 0.97]]] },
  '7-crossed': { digit: 7, strokes: [[[0.1, 0.05], [0.9, 0.05], [0.4, 0.97]], [[0.35, 0.5], [0.85, 0.5]]] },
  '7-curved': { digit: 7, strokes: [[[0.12, 0.15], [0.15, 0.05], [0.88, 0.05]].concat(curve([0.88, 0.05], [0.6, 0.45], [0.5, 0.97]))] },
  '7-short-top': { digit: 7, strokes: [[[0.3, 0.05], [0.85, 0.05], [0.35, 0.97]]] },
  // 8
  '8': { digit: 8, strokes: [curve([0.78, 0.15], [0.5, 0.02], [0.22, 0.15], [0.3, 0.38], [0.72, 0.6], [0.8, 0.85], [0.5, 0.98], [0.2, 0.85], [0.28, 0.6], [0.7, 0.38], [0.78, 0.15])] },
  '8-two-loops': { digit: 8, strokes: [arc(0.5, 0.25, 0.26, 0.23, Math.PI / 2, -1.02), arc(0.5, 0.73, 0.33, 0.25, UP, 1.02)] },
  // 9
  '9': { digit: 9, strokes: [arc(0.5, 0.27, 0.3, 0.25, 0, -1).concat([[0.78, 0.97]])] },
  '9-curved': { digit: 9, strokes: [arc(0.5, 0.27, 0.3, 0.25, 0, -1).concat(curve([0.8, 0.27], [0.78, 0.65], [0.62, 0.92], [0.32, 0.97]))] },
  '9-small-head': { digit: 9, strokes: [arc(0.5, 0.2, 0.22, 0.18, 0, -1).concat([[0.7, 0.98]])] },
  '9-two-strokes': { digit: 9, strokes: [arc(0.47, 0.27, 0.3, 0.25, 0, -1.03), [[0.78, 0.05], [0.76, 0.98]]] },
};

// How the same style varies on a 280×280 canvas: the box the digit fills (CSS px), a slant (x shifts by
// slant·(1 − y)·width: positive leans right), the pen, and the input device.
export const VARIANTS = {
  normal: { left: 60, top: 40, width: 160, height: 200 },
  small: { left: 100, top: 90, width: 75, height: 95 },
  large: { left: 35, top: 12, width: 210, height: 255 },
  'top-left': { left: 15, top: 15, width: 105, height: 130 },
  'bottom-right': { left: 155, top: 135, width: 105, height: 130 },
  'slant-right': { left: 45, top: 40, width: 150, height: 200, slant: 0.3 },
  'slant-left': { left: 75, top: 40, width: 150, height: 200, slant: -0.2 },
  'thin-pen': { left: 60, top: 40, width: 160, height: 200, pen: 'thin' },
  'thick-pen': { left: 60, top: 40, width: 160, height: 200, pen: 'thick' },
  touch: { left: 55, top: 35, width: 170, height: 210, touch: true },
};

// A hand is never quite steady: every point moves by up to ±`amount` of the box, the same way on every run.
export function wobble(strokes, seed, amount = 0.015) {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 2 * amount;
  return strokes.map((stroke) => stroke.map(([x, y]) => [x + next(), y + next()]));
}

// Every drawing of the set: [{ name, digit, strokes, variant }].
export function drawnDigitSet() {
  const set = [];
  let seed = 1;
  for (const [style, { digit, strokes }] of Object.entries(STYLES)) {
    for (const [variantName, variant] of Object.entries(VARIANTS)) {
      set.push({ name: `${style} ${variantName}`, style, digit, variant: { name: variantName, ...variant }, strokes: wobble(strokes, seed++) });
    }
  }
  return set;
}
