// The API client: the key lives in sessionStorage (this tab only) and goes as a Bearer token.
"use strict";

class ApiError extends Error {
  constructor(status, problem) {
    super(ApiError.describe(status, problem));
    this.status = status;
    this.problem = problem || {};
  }

  static describe(status, problem) {
    if (!problem) return "HTTP " + status;
    const fields = (problem.errors || []).map((e) => e.field + ": " + e.message).join("; ");
    return (problem.title || "HTTP " + status) + (problem.detail ? " — " + problem.detail : "") +
      (fields ? " (" + fields + ")" : "");
  }

  /** The server has no such route (an older or newer server than this page). */
  get routeMissing() {
    return this.status === 404 && /^no such route/.test(this.problem.detail || "");
  }
}

const Api = {
  storageKey: "stocksync.apiKey",
  onSignedOut: () => {},

  key() {
    return sessionStorage.getItem(Api.storageKey);
  },

  signIn(key) {
    sessionStorage.setItem(Api.storageKey, key);
  },

  signOut() {
    sessionStorage.removeItem(Api.storageKey);
  },

  async request(method, path, body, contentType) {
    const headers = { Authorization: "Bearer " + Api.key(), Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      cache: "no-store",
    });
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json().catch(() => null) : await response.text();
    if (response.status === 401) {
      Api.onSignedOut();
    }
    if (!response.ok) throw new ApiError(response.status, typeof data === "object" ? data : null);
    return data;
  },

  get(path) {
    return Api.request("GET", path);
  },

  /** GET, or null when the server has no such route (a panel then says it is not available). */
  async optional(path) {
    try {
      return await Api.get(path);
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) return null;
      throw e;
    }
  },

  /** Every page of a list route: items under `field`, following `next` as `param`. */
  async all(path, field, param, max) {
    const items = [];
    let next = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page = await Api.get(next === null ? path : path + sep + param + "=" + encodeURIComponent(next));
      items.push(...(page[field] || []));
      next = page.next === undefined ? null : page.next;
    } while (next !== null && items.length < (max || 5000));
    return items;
  },

  /** Downloads a report with the key (a plain link could not send it). */
  async download(path, filename) {
    const response = await fetch(path, { headers: { Authorization: "Bearer " + Api.key() } });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new ApiError(response.status, problem);
    }
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const a = Dom.el("a", {});
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  },
};
