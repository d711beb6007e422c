// The page's router, sign-in and live refresh.
"use strict";

const App = {
  pages: {
    skus: Views.skus, channels: Views.channels, alerts: Views.alerts, pushes: Views.pushes,
    orders: Views.orders, reports: Tools.reports, import: Tools.import, sku: SkuPage,
  },
  refreshEvery: 3000,
  timer: null,
  rendering: false,
  generation: 0,

  start() {
    Api.onSignedOut = () => App.signOut("Your key was refused: sign in again.");
    document.getElementById("sign-in-form").addEventListener("submit", App.submitKey);
    document.getElementById("sign-out").addEventListener("click", () => App.signOut(""));
    window.addEventListener("hashchange", () => App.show());
    document.addEventListener("visibilitychange", () => document.hidden || App.refresh());
    App.show();
  },

  async submitKey(event) {
    event.preventDefault();
    const input = document.getElementById("api-key");
    const error = document.getElementById("sign-in-error");
    Api.signIn(input.value.trim());
    try {
      await Api.get("/v1/policy");
      input.value = "";
      error.textContent = "";
      if (!location.hash || location.hash === "#/") location.hash = "#/skus";
      App.show();
    } catch (e) {
      Api.signOut();
      error.textContent = e.status === 401 ? "That key is not valid." : e.message;
    }
  },

  signOut(message) {
    Api.signOut();
    clearInterval(App.timer);
    App.timer = null;
    document.getElementById("sign-in-error").textContent = message;
    App.show();
  },

  route() {
    const [, name, ...rest] = (location.hash || "#/skus").split("/");
    if (name === "sku" && rest.length) {
      SkuPage.sku = decodeURIComponent(rest.join("/"));
      return "sku";
    }
    return App.pages[name] ? name : "skus";
  },

  show() {
    const signedIn = !!Api.key();
    document.getElementById("sign-in").hidden = signedIn;
    document.getElementById("view").hidden = !signedIn;
    document.getElementById("nav").hidden = !signedIn;
    document.getElementById("live").hidden = !signedIn;
    if (!signedIn) {
      document.getElementById("api-key").focus();
      return;
    }
    const name = App.route();
    const page = App.pages[name];
    for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === name);
    const view = Dom.clear(document.getElementById("view"));
    view.dataset.page = name;
    document.title = "StockSync — " + (name === "sku" ? SkuPage.sku : page.title);
    if (name !== "sku") view.appendChild(Dom.el("h1", {}, page.title));
    const content = Dom.el("div", { id: "content" });
    if (page.toolbar) view.appendChild(Dom.el("div", { class: "toolbar" }, page.toolbar(() => App.refresh())));
    view.appendChild(content);
    App.generation++;
    App.refresh();
    clearInterval(App.timer);
    App.timer = page.live === false ? null : setInterval(() => document.hidden || App.refresh(), App.refreshEvery);
  },

  /** Renders the page off-screen, then swaps it in: a refresh never blanks what is shown. */
  async refresh() {
    if (App.rendering || !Api.key()) return;
    const name = App.route();
    const generation = App.generation;
    App.rendering = true;
    const next = Dom.el("div", { id: "content" });
    try {
      await App.pages[name].render(next);
      next.dataset.loaded = "true";
    } catch (e) {
      next.appendChild(Dom.problem(e));
    } finally {
      App.rendering = false;
    }
    const current = document.getElementById("content");
    if (current && generation === App.generation && Api.key()) {
      current.replaceWith(next);
      const live = document.getElementById("live");
      live.textContent = "live · " + new Date().toLocaleTimeString();
    } else if (generation !== App.generation) {
      App.refresh();
    }
  },
};

App.start();
