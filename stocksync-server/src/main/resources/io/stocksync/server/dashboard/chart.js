// A step chart of a SKU's available over time, drawn as SVG here (no library to fetch).
"use strict";

const Chart = {
  ns: "http://www.w3.org/2000/svg",

  svg(tag, attrs) {
    const node = document.createElementNS(Chart.ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  },

  /** points: [{t: Date, v: number}] oldest first; the last one is "now". */
  available(points) {
    if (points.length < 2) return Dom.el("p", { class: "empty" }, "Not enough history to draw yet.");
    const width = 640, height = 220, left = 48, right = 12, top = 12, bottom = 28;
    const t0 = points[0].t.getTime(), t1 = Math.max(points[points.length - 1].t.getTime(), t0 + 1);
    let lo = Math.min(0, ...points.map((p) => p.v)), hi = Math.max(...points.map((p) => p.v));
    if (hi === lo) hi = lo + 1;
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (height - top - bottom);
    const svg = Chart.svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
    const title = Chart.svg("title", {});
    title.textContent = "Available over time";
    svg.appendChild(title);
    for (const v of [lo, (lo + hi) / 2, hi]) {
      const rounded = Math.round(v);
      svg.appendChild(Chart.svg("line", { x1: left, x2: width - right, y1: y(rounded), y2: y(rounded), class: "grid" }));
      const label = Chart.svg("text", { x: left - 6, y: y(rounded) + 4, class: "axis", "text-anchor": "end" });
      label.textContent = String(rounded);
      svg.appendChild(label);
    }
    if (lo < 0) svg.appendChild(Chart.svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "zero" }));
    let d = `M${x(points[0].t.getTime())},${y(points[0].v)}`;
    for (let i = 1; i < points.length; i++) {
      d += ` H${x(points[i].t.getTime())} V${y(points[i].v)}`;
    }
    svg.appendChild(Chart.svg("path", { d, class: "line" }));
    for (const [t, anchor] of [[t0, "start"], [t1, "end"]]) {
      const label = Chart.svg("text", { x: x(t), y: height - 8, class: "axis", "text-anchor": anchor });
      label.textContent = new Date(t).toLocaleString();
      svg.appendChild(label);
    }
    return Dom.el("div", { class: "chart-wrap", "data-points": points.length }, svg);
  },

  /**
   * The available figure before each ledger line, walking back from `now` (the SKU's available
   * today): each line changed available by onHandDelta - reservedDelta at a sellable location.
   * events: newest first, as GET /v1/skus/{sku}/events answers.
   */
  history(now, events, sellable) {
    const points = [{ t: new Date(), v: now }];
    let value = now;
    for (const e of events) {
      points.push({ t: new Date(e.recordedAt), v: value });
      if (sellable(e.location)) value -= (e.onHandDelta || 0) - (e.reservedDelta || 0);
    }
    points.push({ t: new Date(events.length ? events[events.length - 1].recordedAt : Date.now()), v: value });
    return points.reverse();
  },
};
