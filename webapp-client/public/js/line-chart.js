/**
 * A small SVG line chart for live series (one point per second, a rolling window). Our own code so
 * the pages load nothing from elsewhere. Geometry (linePath, niceMax) is pure and tested in Node;
 * LineChart only touches the DOM when it renders.
 * @module
 */

const SVG = 'http://www.w3.org/2000/svg';
/* The viewBox is about as wide as a chart card, so 11px labels render near 11px. */
const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 58, right: 8, top: 10, bottom: 18 };
/** Samples come every second; a few missing ones mean a hole, not a slow sample. */
const MAX_GAP_MS = 3000;

/**
 * The smallest "nice" number (1, 2 or 5 times a power of ten) at or above `value`, so axis labels
 * read as round numbers. 0 and below give 1, so an idle series still has a scale.
 * @param {number} value
 * @returns {number}
 */
export function niceMax(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) {
      return step * power;
    }
  }
  return 10 * power;
}

/**
 * Maps times and values into a box: time runs left to right, values bottom to top from 0 to vMax.
 * @param {{ x: number, y: number, width: number, height: number, tMin: number, tMax: number, vMax: number }} box
 * @returns {{ x: (t: number) => number, y: (v: number) => number }}
 */
export function scales(box) {
  const span = Math.max(1, box.tMax - box.tMin);
  const top = box.vMax > 0 ? box.vMax : 1;
  return {
    x: (t) => box.x + ((t - box.tMin) / span) * box.width,
    y: (v) => box.y + box.height - (Math.min(Math.max(0, v), top) / top) * box.height,
  };
}

/**
 * Splits a series where samples are missing, so a chart shows the hole instead of a straight line
 * across it (no stats are published while nobody subscribes, and none arrive while disconnected).
 * @param {{ t: number, v: number }[]} points oldest first
 * @param {number} maxGap largest distance in ms between two points of one segment
 * @returns {{ t: number, v: number }[][]}
 */
export function segments(points, maxGap) {
  const result = [];
  let current = [];
  for (const point of points) {
    if (current.length && point.t - current[current.length - 1].t > maxGap) {
      result.push(current);
      current = [];
    }
    current.push(point);
  }
  if (current.length) {
    result.push(current);
  }
  return result;
}

/**
 * SVG path data for a line through points inside a box, broken where the series has gaps.
 * @param {{ t: number, v: number }[]} points oldest first
 * @param {Parameters<typeof scales>[0]} box
 * @param {number} [maxGap] ms; default: never break
 * @returns {string} '' for no points
 */
export function linePath(points, box, maxGap = Infinity) {
  const { x, y } = scales(box);
  return segments(points, maxGap)
    .map((segment) => segment.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)} ${y(p.v).toFixed(1)}`).join(' '))
    .join(' ');
}

/**
 * SVG path data for the area under the line, one closed shape per segment.
 * @param {{ t: number, v: number }[]} points oldest first
 * @param {Parameters<typeof scales>[0]} box
 * @param {number} [maxGap] ms
 * @returns {string}
 */
export function areaPath(points, box, maxGap = Infinity) {
  const { x } = scales(box);
  const base = (box.y + box.height).toFixed(1);
  return segments(points, maxGap).map((segment) => {
    const first = x(segment[0].t).toFixed(1);
    const last = x(segment[segment.length - 1].t).toFixed(1);
    return `${linePath(segment, box)} L${last} ${base} L${first} ${base} Z`;
  }).join(' ');
}

export class LineChart {
  #svg;
  #title;
  #format;
  #seconds;
  /** @type {{ t: number, v: number }[]} */
  #points = [];
  #parts;

  /**
   * @param {SVGSVGElement} svg an empty <svg> in the page (it gets role="img" and a <title>)
   * @param {{ title: string, format?: (v: number) => string, seconds?: number }} options
   */
  constructor(svg, { title, format = String, seconds = 120 }) {
    this.#svg = svg;
    this.#title = title;
    this.#format = format;
    this.#seconds = seconds;
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('role', 'img');
    svg.classList.add('chart');
    this.#parts = this.#build();
    this.render();
  }

  /** @returns {number} points held */
  get size() {
    return this.#points.length;
  }

  /**
   * Sets the value for the second of `time`: several samples in one second (one per node, say)
   * keep only the last, so the line has one point per second.
   * @param {number} time epoch ms
   * @param {number | null} value null = unknown (skipped)
   */
  set(time, value) {
    if (value === null || !Number.isFinite(value)) {
      return;
    }
    const second = Math.floor(time / 1000) * 1000;
    const last = this.#points[this.#points.length - 1];
    if (last && last.t === second) {
      last.v = value;
    } else if (!last || second > last.t) {
      this.#points.push({ t: second, v: value });
    }
    const oldest = second - this.#seconds * 1000;
    while (this.#points.length && this.#points[0].t < oldest) {
      this.#points.shift();
    }
  }

  /** Clears the series (e.g. after the page lost track of the stream). */
  clear() {
    this.#points = [];
  }

  render() {
    const points = this.#points;
    const last = points[points.length - 1];
    const tMax = last ? last.t : 0;
    const vMax = niceMax(Math.max(0, ...points.map((p) => p.v)));
    const box = {
      x: PAD.left, y: PAD.top, width: WIDTH - PAD.left - PAD.right, height: HEIGHT - PAD.top - PAD.bottom,
      tMin: tMax - this.#seconds * 1000, tMax, vMax,
    };
    this.#parts.line.setAttribute('d', linePath(points, box, MAX_GAP_MS));
    this.#parts.area.setAttribute('d', areaPath(points, box, MAX_GAP_MS));
    this.#parts.top.textContent = this.#format(vMax);
    this.#parts.middle.textContent = this.#format(vMax / 2);
    const summary = last
      ? `${this.#title}: now ${this.#format(last.v)}, peak ${this.#format(Math.max(...points.map((p) => p.v)))} over the last ${Math.round((tMax - points[0].t) / 1000) + 1} s`
      : `${this.#title}: no data yet`;
    this.#parts.title.textContent = summary;
    this.#svg.setAttribute('aria-label', summary);
  }

  #build() {
    const make = (tag, attributes, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attributes)) {
        node.setAttribute(k, String(v));
      }
      if (text !== undefined) {
        node.textContent = text;
      }
      this.#svg.append(node);
      return node;
    };
    const title = make('title', {});
    const bottom = HEIGHT - PAD.bottom;
    const middleY = PAD.top + (bottom - PAD.top) / 2;
    for (const y of [PAD.top, middleY, bottom]) {
      make('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'chart-grid' });
    }
    const top = make('text', { x: PAD.left - 6, y: PAD.top + 4, class: 'chart-label', 'text-anchor': 'end' });
    const middle = make('text', { x: PAD.left - 6, y: middleY + 4, class: 'chart-label', 'text-anchor': 'end' });
    make('text', { x: PAD.left - 6, y: bottom + 4, class: 'chart-label', 'text-anchor': 'end' }, '0');
    make('text', { x: WIDTH - PAD.right, y: HEIGHT - 2, class: 'chart-label', 'text-anchor': 'end' }, 'now');
    make('text', { x: PAD.left, y: HEIGHT - 2, class: 'chart-label' }, `-${this.#seconds} s`);
    const area = make('path', { class: 'chart-area' });
    const line = make('path', { class: 'chart-line' });
    return { title, top, middle, area, line };
  }
}
