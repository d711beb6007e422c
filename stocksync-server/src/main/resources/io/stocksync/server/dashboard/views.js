// The list pages: SKUs, channels, alerts, the push log, the order lines.
"use strict";

const Views = {
  /** SKUs with search; per listing: target / acknowledged / held and its state. */
  skus: {
    title: "SKUs",
    search: "",
    async render(root) {
      const skus = await Api.all("/v1/skus?limit=500", "skus", "after");
      const needle = Views.skus.search.trim().toLowerCase();
      const shown = needle
        ? skus.filter((s) => s.sku.toLowerCase().includes(needle) || (s.name || "").toLowerCase().includes(needle))
        : skus;
      Dom.append(root, [
        Dom.el("p", { class: "count", id: "sku-count" }, `${shown.length} of ${skus.length} SKUs`),
        Dom.table(
          [
            { title: "SKU", cell: (s) => Dom.el("a", { href: "#/sku/" + encodeURIComponent(s.sku), class: "sku-link" }, s.sku) },
            { title: "Name", cell: (s) => s.name || "" },
            { title: "On hand", num: true, cell: (s) => Dom.num(s.onHand) },
            { title: "Reserved", num: true, cell: (s) => Dom.num(s.reserved) },
            { title: "Available", num: true, cell: (s) => Dom.el("span", { class: "available" }, Dom.num(s.available)) },
            { title: "Pending", num: true, cell: (s) => Dom.num(s.sync && s.sync.pending) },
            { title: "Channels", cell: (s) => Views.listingChips(s) },
          ],
          shown,
          needle ? "No SKU matches." : "No SKUs yet: PUT /v1/skus/{sku} or import a CSV."),
      ]);
    },
    /** The search box sits above the refreshed part, so typing survives a refresh. */
    toolbar(refresh) {
      const input = Dom.el("input", {
        type: "search", id: "sku-search", placeholder: "Search SKU or name", value: Views.skus.search,
        "aria-label": "Search SKUs",
      });
      input.addEventListener("input", () => {
        Views.skus.search = input.value;
        refresh();
      });
      return input;
    },
  },

  listingChips(sku) {
    if (!sku.listings || !sku.listings.length) return Dom.el("span", { class: "muted" }, "not listed");
    return Dom.el("div", { class: "chips" }, sku.listings.map((l) =>
      Dom.el("span", { class: "chip", "data-channel": l.channel },
        Dom.el("strong", {}, l.channel), " ",
        Dom.el("span", { title: "target / acknowledged / held" },
          `${Dom.num(l.target)} / ${Dom.num(l.acknowledged)} / ${Dom.num(l.held)}`), " ",
        Dom.badge(l.state))));
  },

  /** Channels with their health; GET /v1/channels when the server has it, else from the listings. */
  channels: {
    title: "Channels",
    async render(root) {
      let channels = await Api.optional("/v1/channels?limit=500");
      let note = null;
      if (channels === null) {
        const skus = await Api.all("/v1/skus?limit=500", "skus", "after");
        const byId = new Map();
        for (const s of skus) for (const l of s.listings || []) {
          const c = byId.get(l.channel) || { id: l.channel, listings: 0, states: {} };
          c.listings++;
          c.states[l.state] = (c.states[l.state] || 0) + 1;
          byId.set(l.channel, c);
        }
        channels = [...byId.values()];
        note = Dom.unavailable("The channel list (GET /v1/channels)");
      } else {
        channels = channels.channels || channels.items || [];
      }
      const failed = await Api.optional("/v1/pushes?state=FAILED&limit=500").catch(() => null);
      const failures = new Map();
      for (const p of (failed && failed.pushes) || []) failures.set(p.channel, (failures.get(p.channel) || 0) + 1);
      Dom.append(root, [note, channels.length ? null : Dom.el("p", { class: "empty" }, "No channels yet.")]);
      for (const c of channels) root.appendChild(Views.channelCard(c, failures.get(c.id) || 0));
    },
  },

  channelCard(c, failures) {
    const health = c.health || {};
    const facts = [
      ["Type", c.type], ["Enabled", c.enabled === undefined ? undefined : c.enabled ? "yes" : "no"],
      ["Base URL", c.baseUrl], ["Listings", c.listings],
      ["Last acknowledgement", health.lastAcknowledgedAt && Dom.time(health.lastAcknowledgedAt)],
      ["Lag", health.lagSeconds === undefined ? undefined : health.lagSeconds + " s"],
      ["Rate budget in use", health.rateBudgetInUse === undefined ? undefined : health.rateBudgetInUse],
      ["Failed pushes", failures],
      ["Order watermark", health.orderWatermark && Dom.time(health.orderWatermark)],
    ];
    for (const [k, v] of Object.entries(health)) {
      if (!["lastAcknowledgedAt", "lagSeconds", "rateBudgetInUse", "orderWatermark"].includes(k) && typeof v !== "object") {
        facts.push([k, v]);
      }
    }
    if (c.states) facts.push(["States", Object.entries(c.states).map(([s, n]) => s + " " + n).join(", ")]);
    const result = Dom.el("div", { class: "test-result" });
    const test = Dom.el("button", { type: "button", class: "secondary" }, "Test connection");
    test.addEventListener("click", async () => {
      Dom.clear(result).appendChild(Dom.el("p", { class: "muted" }, "Testing…"));
      try {
        const answer = await Api.request("POST", "/v1/channels/" + encodeURIComponent(c.id) + "/test", {});
        Dom.clear(result).appendChild(Views.testVerdict(answer));
      } catch (e) {
        Dom.clear(result).appendChild(e.routeMissing ? Dom.unavailable("Testing a connection") : Dom.problem(e));
      }
    });
    return Dom.el("article", { class: "card channel", "data-channel": c.id },
      Dom.el("h2", {}, c.id),
      Dom.el("dl", {}, facts.filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [Dom.el("dt", {}, k), Dom.el("dd", {}, String(v))])),
      test, result);
  },

  /**
   * A connection test's answer (POST /v1/channels/{id}/test): the verdict, the failed checks with
   * the marketplace's reasons, and the passed ones folded away.
   */
  testVerdict(answer) {
    const checks = answer.checks || [];
    const failed = checks.filter((ch) => !ch.ok);
    const passed = checks.filter((ch) => ch.ok);
    const line = (ch) => Dom.el("li", { class: ch.ok ? "ok" : "bad", "data-check": ch.name },
      (ch.ok ? "✓ " : "✗ ") + ch.name + (ch.detail ? ": " + ch.detail : ""));
    const verdict = answer.ok
      ? "Connection OK: all " + checks.length + " checks passed"
      : failed.length + " of " + checks.length + " checks failed";
    return Dom.el("div", { class: "verdict-box" },
      Dom.el("p", { class: "verdict " + (answer.ok ? "ok" : "bad"), "data-ok": String(!!answer.ok) }, verdict),
      failed.length ? Dom.el("ul", { class: "checks failed" }, failed.map(line)) : null,
      passed.length ? Dom.el("details", { class: "passed" },
        Dom.el("summary", {}, passed.length + " passed"),
        Dom.el("ul", { class: "checks" }, passed.map(line))) : null);
  },

  /** Alerts, open first (GET /v1/alerts, where the server has it). */
  alerts: {
    title: "Alerts",
    async render(root) {
      const open = await Api.optional("/v1/alerts?state=open&limit=200");
      if (open === null) {
        root.appendChild(Dom.unavailable("Alerts (GET /v1/alerts)"));
        return;
      }
      const resolved = await Api.get("/v1/alerts?state=resolved&limit=100");
      const columns = [
        { title: "Kind", cell: (a) => Dom.badge(a.kind) },
        { title: "Subject", cell: (a) => [a.sku, a.location, a.channel].filter(Boolean).join(" · ") || "—" },
        { title: "Opened", cell: (a) => Dom.time(a.openedAt) },
        { title: "Resolved", cell: (a) => Dom.time(a.resolvedAt) },
        { title: "Details", cell: (a) => Views.details(a.details) },
      ];
      Dom.append(root, [
        Dom.el("h2", {}, "Open"),
        Dom.el("div", { id: "alerts-open" }, Dom.table(columns, open.alerts || [], "No open alert.")),
        Dom.el("h2", {}, "Resolved"),
        Dom.table(columns, resolved.alerts || [], "None resolved yet."),
      ]);
    },
  },

  details(value) {
    if (value === null || value === undefined) return "";
    if (typeof value !== "object") return String(value);
    return Object.entries(value).map(([k, v]) => k + ": " + (typeof v === "object" ? JSON.stringify(v) : v)).join(", ");
  },

  pushColumns: [
    { title: "Time", cell: (p) => Dom.time(p.attemptedAt) },
    { title: "Channel", cell: (p) => p.channel },
    { title: "SKU", cell: (p) => Dom.el("a", { href: "#/sku/" + encodeURIComponent(p.sku) }, p.sku) },
    { title: "Sent", num: true, cell: (p) => Dom.num(p.quantity) },
    { title: "Status", cell: (p) => Dom.badge(p.status) },
    { title: "HTTP", num: true, cell: (p) => Dom.num(p.httpStatus) },
    { title: "Error", cell: (p) => p.error || "" },
  ],

  /** The push attempt log, newest first. */
  pushes: {
    title: "Push log",
    async render(root) {
      const page = await Api.get("/v1/pushes?limit=100");
      root.appendChild(Dom.table(Views.pushColumns, page.pushes || [], "No push yet."));
    },
  },

  /** Order lines read from the marketplaces (GET /v1/orders, where the server has it). */
  orders: {
    title: "Order lines",
    async render(root) {
      const page = await Api.optional("/v1/orders?limit=200");
      if (page === null) {
        root.appendChild(Dom.unavailable("Order lines (GET /v1/orders)"));
        return;
      }
      const lines = page.orders || page.lines || page.items || [];
      root.appendChild(Dom.table([
        { title: "Channel", cell: (o) => o.channel },
        { title: "Order", cell: (o) => o.orderId || o.order || "" },
        { title: "SKU", cell: (o) => o.sku || o.externalId || "" },
        { title: "Quantity", num: true, cell: (o) => Dom.num(o.quantity) },
        { title: "State", cell: (o) => Dom.badge(o.state) },
        { title: "Placed", cell: (o) => Dom.time(o.placedAt || o.createdAt) },
      ], lines, "No order line yet."));
    },
  },
};
