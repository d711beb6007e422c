// A SKU's page: its figures, each channel's listing and explain, its ledger and a chart.
"use strict";

const SkuPage = {
  title: "SKU",
  sku: null,
  /** Channel ids whose explain the reader opened: kept open across refreshes. */
  opened: new Set(),

  async render(root) {
    const code = SkuPage.sku;
    const path = "/v1/skus/" + encodeURIComponent(code);
    const s = await Api.get(path);
    const bundle = (s.components || []).length > 0;
    Dom.append(root, [
      Dom.el("p", {}, Dom.el("a", { href: "#/skus" }, "← all SKUs")),
      Dom.el("h1", { id: "sku-title" }, s.sku, s.name ? Dom.el("span", { class: "muted" }, " — " + s.name) : null),
      Dom.el("div", { class: "figures" },
        SkuPage.figure("On hand", s.onHand, "fig-onhand"),
        SkuPage.figure("Reserved", s.reserved, "fig-reserved"),
        SkuPage.figure("Available", s.available, "fig-available"),
        SkuPage.figure("Pending", s.sync && s.sync.pending, "fig-pending")),
      Dom.el("p", { class: "muted" }, "Last synced: " + Dom.time(s.sync && s.sync.lastSyncedAt)),
      bundle ? Dom.el("p", {}, "Bundle of ", s.components.map((c, i) =>
        [i ? ", " : "", String(c.quantity) + " × ", Dom.el("a", { href: "#/sku/" + encodeURIComponent(c.sku) }, c.sku)])) : null,
      Dom.el("h2", {}, "Locations"),
      Dom.table([
        { title: "Location", cell: (l) => l.code },
        { title: "On hand", num: true, cell: (l) => Dom.num(l.onHand) },
        { title: "Reserved", num: true, cell: (l) => Dom.num(l.reserved) },
      ], s.locations || [], "No stock at any location."),
      Dom.el("h2", {}, "Channels"),
      SkuPage.listings(s),
    ]);
    const chart = Dom.el("div", { id: "chart" });
    const ledger = Dom.el("div", { id: "ledger" });
    const pushes = Dom.el("div", { id: "sku-pushes" });
    Dom.append(root, [Dom.el("h2", {}, "Available over time"), chart, Dom.el("h2", {}, "Ledger"), ledger,
      Dom.el("h2", {}, "Pushes"), pushes]);
    await Promise.all([SkuPage.history(s, path, chart, ledger, bundle), SkuPage.pushes(code, pushes)]);
  },

  figure(label, value, id) {
    return Dom.el("div", { class: "figure" }, Dom.el("span", { class: "label" }, label),
      Dom.el("span", { class: "value", id }, Dom.num(value)));
  },

  listings(s) {
    if (!(s.listings || []).length) return Dom.el("p", { class: "empty" }, "Not listed on any channel.");
    return Dom.el("div", { class: "listings" }, s.listings.map((l) => {
      const box = Dom.el("div", { class: "explain", "data-channel": l.channel });
      const button = Dom.el("button", { type: "button", class: "secondary explain-button", "data-channel": l.channel }, "Explain");
      const load = async () => {
        Dom.clear(box).appendChild(Dom.el("p", { class: "muted" }, "Loading…"));
        try {
          const answer = await Api.optional("/v1/skus/" + encodeURIComponent(s.sku) + "/channels/" + encodeURIComponent(l.channel));
          Dom.clear(box).appendChild(answer === null ? Dom.unavailable("Explain (GET /v1/skus/{sku}/channels/{id})") : SkuPage.explain(answer));
        } catch (e) {
          Dom.clear(box).appendChild(Dom.problem(e));
        }
      };
      button.addEventListener("click", () => {
        if (SkuPage.opened.has(l.channel)) {
          SkuPage.opened.delete(l.channel);
          Dom.clear(box);
        } else {
          SkuPage.opened.add(l.channel);
          load();
        }
      });
      if (SkuPage.opened.has(l.channel)) load();
      return Dom.el("article", { class: "card listing", "data-channel": l.channel },
        Dom.el("h3", {}, l.channel, " ", Dom.badge(l.state)),
        Dom.el("dl", {},
          Dom.el("dt", {}, "Target"), Dom.el("dd", { class: "target" }, Dom.num(l.target)),
          Dom.el("dt", {}, "Acknowledged"), Dom.el("dd", { class: "acknowledged" }, Dom.num(l.acknowledged)),
          Dom.el("dt", {}, "Held"), Dom.el("dd", { class: "held" }, Dom.num(l.held)),
          Dom.el("dt", {}, "Listing id"), Dom.el("dd", {}, l.externalId || "—")),
        button, box);
    }));
  },

  /** The explain answer: its sentence first, then every figure it gives, as text. */
  explain(answer) {
    const sentence = answer.sentence || answer.summary || answer.explanation || answer.text;
    return Dom.el("div", {},
      sentence ? Dom.el("p", { class: "sentence" }, String(sentence)) : null,
      Dom.el("pre", { class: "explain-json" }, JSON.stringify(answer, null, 2)));
  },

  async history(s, path, chart, ledger, bundle) {
    if (bundle) {
      chart.appendChild(Dom.el("p", { class: "muted" }, "A bundle has no stock of its own: see its components."));
      ledger.appendChild(Dom.el("p", { class: "muted" }, "A bundle's orders are booked on its components."));
      return;
    }
    let events;
    try {
      events = await Api.optional(path + "/events?limit=500");
    } catch (e) {
      ledger.appendChild(Dom.problem(e));
      return;
    }
    if (events === null) {
      chart.appendChild(Dom.unavailable("The ledger history (GET /v1/skus/{sku}/events)"));
      ledger.appendChild(Dom.unavailable("The ledger history"));
      return;
    }
    const lines = events.events || [];
    const sellable = await SkuPage.sellable();
    chart.appendChild(Chart.available(Chart.history(s.available, lines, sellable)));
    ledger.appendChild(Dom.table([
      { title: "Recorded", cell: (e) => Dom.time(e.recordedAt) },
      { title: "Event", cell: (e) => e.id },
      { title: "Type", cell: (e) => Dom.badge(e.type) },
      { title: "Location", cell: (e) => e.location },
      { title: "Quantity", num: true, cell: (e) => Dom.num(e.quantity) },
      { title: "Δ on hand", num: true, cell: (e) => Dom.num(e.onHandDelta) },
      { title: "Δ reserved", num: true, cell: (e) => Dom.num(e.reservedDelta) },
    ], lines, "No ledger line yet."));
  },

  /** Which locations count towards available: GET /v1/locations where the server has it. */
  async sellable() {
    const page = await Api.optional("/v1/locations?limit=500").catch(() => null);
    if (!page) return () => true;
    const unsellable = new Set((page.locations || []).filter((l) => l.sellable === false).map((l) => l.code));
    return (code) => !unsellable.has(code);
  },

  async pushes(code, root) {
    const page = await Api.get("/v1/pushes?limit=20&sku=" + encodeURIComponent(code));
    root.appendChild(Dom.table(Views.pushColumns, page.pushes || [], "No push for this SKU yet."));
  },
};
