// Reports to download, and a CSV import of inventory events with its progress.
"use strict";

const Tools = {
  reports: {
    title: "Reports",
    live: false,
    async render(root) {
      const status = Dom.el("p", { id: "report-status", class: "muted", role: "status" });
      const at = Dom.el("input", { type: "datetime-local", id: "snapshot-at", "aria-label": "Snapshot at (empty: now)" });
      const from = Dom.el("input", { type: "datetime-local", id: "recon-from", "aria-label": "From" });
      const to = Dom.el("input", { type: "datetime-local", id: "recon-to", "aria-label": "To" });
      const iso = (input) => (input.value ? new Date(input.value).toISOString() : null);
      const get = async (path, params, name) => {
        const query = Object.entries(params).filter(([, v]) => v).map(([k, v]) => k + "=" + encodeURIComponent(v)).join("&");
        status.textContent = "Downloading " + name + "…";
        try {
          await Api.download(path + "?" + query, name);
          status.textContent = "Downloaded " + name + ".";
        } catch (e) {
          status.textContent = e.routeMissing ? "Not available on this server." : e.message;
        }
      };
      const buttons = (path, params, base) => ["csv", "json"].map((format) =>
        Dom.el("button", { type: "button", class: "secondary", id: base + "-" + format,
          onclick: () => get(path, Object.assign(params(), { format }), base + "." + format) }, format.toUpperCase()));
      Dom.append(root, [
        Dom.el("article", { class: "card" }, Dom.el("h2", {}, "Snapshot"),
          Dom.el("p", {}, "Every SKU and location as StockSync held it at an instant (empty: now)."),
          Dom.el("label", {}, "At ", at), Dom.el("div", { class: "buttons" }, buttons("/v1/snapshot", () => ({ at: iso(at) }), "snapshot"))),
        Dom.el("article", { class: "card" }, Dom.el("h2", {}, "Reconciliation"),
          Dom.el("p", {}, "Opening, movements by type and closing per SKU and location."),
          Dom.el("label", {}, "From ", from), Dom.el("label", {}, "To ", to),
          Dom.el("div", { class: "buttons" }, buttons("/v1/reports/reconciliation", () => ({ from: iso(from), to: iso(to) }), "reconciliation"))),
        status,
      ]);
    },
  },

  import: {
    title: "Import",
    live: false,
    chunk: 500,
    async render(root) {
      const file = Dom.el("input", { type: "file", id: "import-file", accept: ".csv,text/csv", "aria-label": "CSV file" });
      const progress = Dom.el("progress", { id: "import-progress", max: 1, value: 0 });
      const status = Dom.el("p", { id: "import-status", role: "status" });
      const start = Dom.el("button", { type: "button", id: "import-start" }, "Import");
      start.addEventListener("click", async () => {
        if (!file.files.length) {
          status.textContent = "Choose a CSV file first.";
          return;
        }
        start.disabled = true;
        try {
          await Tools.importCsv(await file.files[0].text(), progress, status);
        } finally {
          start.disabled = false;
        }
      });
      Dom.append(root, [
        Dom.el("article", { class: "card" },
          Dom.el("h2", {}, "Import inventory events (CSV)"),
          Dom.el("p", {}, "A header line, then one event a line: id,type,sku,location,quantity,occurredAt. ",
            "It is sent in batches; an event already seen is a duplicate and changes nothing, so a failed import can be sent again."),
          file, start, progress, status),
      ]);
    },
  },

  /** Splits CSV text into records, keeping quoted line breaks inside their record. */
  records(text) {
    const records = [];
    let start = 0, quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) {
        records.push(text.slice(start, i).replace(/\r$/, ""));
        start = i + 1;
      }
    }
    if (start < text.length) records.push(text.slice(start).replace(/\r$/, ""));
    return records.filter((r) => r.trim() !== "");
  },

  /** A rejected event's reason, as POST /v1/events gives it: {reason, field, message}. */
  rejection(error) {
    if (!error) return "rejected";
    return [error.reason, error.field && "field " + error.field, error.message].filter(Boolean).join(", ");
  },

  async importCsv(text, progress, status) {
    const records = Tools.records(text);
    if (records.length < 2) {
      status.textContent = "The file has no event after its header line.";
      return;
    }
    const header = records[0], rows = records.slice(1);
    const tally = { applied: 0, duplicate: 0, rejected: 0 };
    const rejected = [];
    progress.max = rows.length;
    progress.value = 0;
    for (let i = 0; i < rows.length; i += Tools.import.chunk) {
      const batch = rows.slice(i, i + Tools.import.chunk);
      try {
        const answer = await Api.request("POST", "/v1/events", [header, ...batch].join("\n") + "\n", "text/csv");
        for (const r of answer.results || []) {
          tally[r.status] = (tally[r.status] || 0) + 1;
          if (r.status === "rejected" && rejected.length < 5) rejected.push(r.id + ": " + Tools.rejection(r.error));
        }
      } catch (e) {
        status.textContent = `Stopped at line ${i + 2}: ${e.message}. ${tally.applied} applied before it; send the file again to go on.`;
        return;
      }
      progress.value = Math.min(rows.length, i + batch.length);
      status.textContent = `${progress.value} of ${rows.length} lines sent: ${tally.applied} applied, ${tally.duplicate} duplicate, ${tally.rejected} rejected.`;
    }
    if (rejected.length) status.textContent += " First rejected: " + rejected.join("; ");
  },
};
