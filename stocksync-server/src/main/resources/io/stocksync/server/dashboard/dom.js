// DOM helpers. Every value from the API reaches the page through text nodes or attributes set
// one by one (never parsed as HTML), so a hostile SKU name or error message is shown, not run.
"use strict";

const Dom = {
  /** el("td", {class: "num"}, "12", childNode, ...): children are nodes or text. */
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on") && typeof value === "function") {
        node.addEventListener(name.slice(2), value);
      } else if (name === "href" && !Dom.safeHref(value)) {
        continue;
      } else {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    Dom.append(node, children);
    return node;
  },

  append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  /** Only links inside the page (hash routes) or to this server's own paths. */
  safeHref(value) {
    const text = String(value);
    return text.startsWith("#") || (text.startsWith("/") && !text.startsWith("//"));
  },

  clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  },

  /** A table: columns [{title, cell: row => node|text, num: bool}], rows, empty-state text. */
  table(columns, rows, empty) {
    if (!rows.length) return Dom.el("p", { class: "empty" }, empty || "Nothing yet.");
    const head = Dom.el("tr", {}, columns.map((c) => Dom.el("th", { class: c.num ? "num" : null }, c.title)));
    const body = rows.map((row) =>
      Dom.el("tr", {}, columns.map((c) =>
        Dom.el("td", { class: c.num ? "num" : null, "data-label": c.title }, c.cell(row)))));
    return Dom.el("div", { class: "table-wrap" },
      Dom.el("table", {}, Dom.el("thead", {}, head), Dom.el("tbody", {}, body)));
  },

  /** A state badge: WAITING, IN_SYNC, FAILED... as a coloured label. */
  badge(text) {
    const value = text === null || text === undefined ? "—" : String(text);
    return Dom.el("span", { class: "badge badge-" + value.toLowerCase().replace(/[^a-z_]/g, "") }, value);
  },

  num(value) {
    return value === null || value === undefined ? "—" : String(value);
  },

  time(value) {
    if (!value) return "—";
    const d = new Date(value);
    return isNaN(d.getTime()) ? String(value) : d.toLocaleString();
  },

  unavailable(what) {
    return Dom.el("p", { class: "unavailable" }, what + ": not available on this server.");
  },

  problem(error) {
    return Dom.el("p", { class: "error", role: "alert" }, String(error && error.message ? error.message : error));
  },
};
