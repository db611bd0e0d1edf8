// The drawing canvas: Pointer Events (mouse, touch, pen) draw round white strokes on black, crisp on high-DPI
// screens. Calls onChange at most once per animation frame while drawing, and once after every pen-up.
// Pen widths in CSS pixels; medium is about MNIST's stroke width relative to a digit filling the canvas.
// Preprocessing scales every drawing to the same size, so a small digit ends up with thicker strokes.
const PEN_CSS_PX = { thin: 11, medium: 19, thick: 28 };

export class DrawingPad {
  constructor(canvas, { onChange }) {
    this.canvas = canvas;
    this.onChange = onChange;
    this.ctx = null;
    this.strokes = 0;
    this.version = 0;  // counts every change of the ink, so callers can tell whether they have seen the latest
    this.last = null;
    this.framePending = false;
    this.pen = PEN_CSS_PX.medium;
    this.resize();
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
  }

  resize() {
    const scale = Math.min(2, window.devicePixelRatio || 1);  // 2× is plenty for a digit, and half the pixels of 3×
    const cssSize = this.canvas.clientWidth || 280;
    this.canvas.width = Math.round(cssSize * scale);
    this.canvas.height = Math.round(cssSize * scale);
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    this.ctx.scale(this.canvas.width / cssSize, this.canvas.height / cssSize);
    this.ctx.lineCap = 'round';
    this.ctx.lineJoin = 'round';
    this.ctx.lineWidth = this.pen;
    this.ctx.strokeStyle = '#fff';
    this.ctx.fillStyle = '#fff';
    this.clear();
  }

  // 'thin', 'medium' or 'thick', for the strokes drawn from now on.
  setPen(size) {
    this.pen = PEN_CSS_PX[size] ?? PEN_CSS_PX.medium;
    this.ctx.lineWidth = this.pen;
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  down(e) {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this.point(e);
    this.ctx.beginPath();
    this.ctx.arc(this.last.x, this.last.y, this.pen / 2, 0, Math.PI * 2);  // a tap leaves a dot
    this.ctx.fill();
    this.changed(false);
  }

  move(e) {
    if (!this.last) return;
    e.preventDefault();
    // Coalesced events give the full path of fast strokes, not one point per frame.
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    this.ctx.beginPath();
    this.ctx.moveTo(this.last.x, this.last.y);
    for (const ce of events.length ? events : [e]) {
      const p = this.point(ce);
      this.ctx.lineTo(p.x, p.y);
      this.last = p;
    }
    this.ctx.stroke();
    this.changed(false);
  }

  up(e) {
    if (!this.last) return;
    this.last = null;
    this.strokes++;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.changed(true);
  }

  changed(penUp) {
    if (!penUp) this.version++;
    if (penUp) {
      this.onChange({ penUp: true });
      return;
    }
    if (this.framePending) return;
    this.framePending = true;
    requestAnimationFrame(() => {
      this.framePending = false;
      this.onChange({ penUp: false });
    });
  }

  clear() {
    this.ctx.save();
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.restore();
    this.strokes = 0;
    this.version++;
  }

  // The drawing as 8-bit grayscale (ink = 255), at the canvas's backing resolution.
  grayscale() {
    const { width, height } = this.canvas;
    const rgba = this.ctx.getImageData(0, 0, width, height).data;
    const gray = new Uint8Array(width * height);
    for (let i = 0, j = 0; j < gray.length; i += 4, j++) gray[j] = rgba[i];
    return { gray, width, height };
  }

  // Paints a 28×28 image (values 0..1) enlarged onto the canvas, e.g. to try a test digit without drawing.
  paintDigit(pixels) {
    this.clear();
    const cssSize = this.canvas.clientWidth || 280, cell = cssSize / 28;
    for (let i = 0; i < 784; i++) {
      if (pixels[i] <= 0) continue;
      const v = Math.round(pixels[i] * 255);
      this.ctx.fillStyle = `rgb(${v},${v},${v})`;
      this.ctx.fillRect((i % 28) * cell, Math.floor(i / 28) * cell, cell + 0.5, cell + 0.5);
    }
    this.ctx.fillStyle = '#fff';
    this.strokes = 1;  // the painted digit is ink, like a stroke
    this.version++;
    this.changed(true);
  }
}
