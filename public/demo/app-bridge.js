// App Bridge stand-in for demo mode (no internet, no Shopify admin frame). Provides what the app
// uses from window.shopify and, like App Bridge, adds a fresh session token to same-origin fetches.
// It also plays the admin around the app: <ui-nav-menu> becomes the app's navigation in a left
// sidebar under a top bar, as Shopify admin shows it, with the current page highlighted; choosing
// an item navigates inside the app without a reload (the `shopify:navigate` event the app's
// AppProvider handles). Served only to the demo.
(function () {
  if (window.shopify) return;
  var script = document.currentScript;
  var params = new URLSearchParams(location.search);
  var shop = params.get("shop") || "backorder-pilot-demo.myshopify.com";
  var cached = null;
  var cachedAt = 0;
  function idToken() {
    if (cached && Date.now() - cachedAt < 30000) return Promise.resolve(cached);
    return originalFetch("/demo/session-token", { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (t) { cached = t; cachedAt = Date.now(); return t; });
  }
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    var sameOrigin = new URL(url, location.href).origin === location.origin;
    if (!sameOrigin || url.indexOf("/demo/session-token") !== -1) return originalFetch(input, init);
    return idToken().then(function (token) {
      var headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
      headers.set("Authorization", "Bearer " + token);
      return originalFetch(input, Object.assign({}, init, { headers: headers }));
    });
  };
  function toastEl(message, isError) {
    var el = document.createElement("div");
    el.textContent = message;
    el.setAttribute("role", "status");
    el.setAttribute("data-demo-toast", isError ? "error" : "info");
    el.style.cssText = "position:fixed;bottom:24px;left:calc(50% + 120px);transform:translateX(-50%);padding:10px 16px;border-radius:8px;color:#fff;font:14px system-ui;z-index:99999;background:" + (isError ? "#8e1f0b" : "#303030");
    document.body.appendChild(el);
    setTimeout(function () { el.remove(); }, 3000);
  }
  window.shopify = {
    config: { apiKey: script && script.getAttribute("data-api-key"), shop: shop, host: params.get("host") },
    idToken: idToken,
    toast: { show: function (m, o) { toastEl(m, o && o.isError); return "toast"; }, hide: function () {} },
    loading: function () {},
    modal: { show: function () {}, hide: function () {} },
    saveBar: { show: function () {}, hide: function () {}, toggle: function () {} },
    environment: { embedded: true, mobile: false, pos: false },
    origin: location.origin,
  };

  // ---- the admin's frame: top bar and app navigation ----

  var SIDEBAR = 240;
  var TOPBAR = 56;
  var storeName = shop.replace(/\.myshopify\.com$/, "");

  // The page makes room for the frame through a constructed stylesheet: nothing is added to the
  // document the app hydrates, so React's hydration is never disturbed.
  if (document.adoptedStyleSheets !== undefined && typeof CSSStyleSheet === "function") {
    var frame = new CSSStyleSheet();
    frame.replaceSync(
      "body{margin:0;padding-top:" + TOPBAR + "px;padding-left:" + SIDEBAR + "px;box-sizing:border-box;background:#f1f1f1}" +
        "@media (max-width: 767px){body{padding-left:0}}"
    );
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([frame]);
  }

  var STYLE =
    ":host{all:initial}" +
    "*{box-sizing:border-box}" +
    ".top{position:fixed;top:0;left:0;right:0;height:" + TOPBAR + "px;background:#1a1a1a;color:#e3e3e3;display:flex;align-items:center;gap:16px;padding:0 16px;z-index:510;font:13px/1.3 -apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}" +
    ".logo{display:flex;align-items:center;gap:8px;font-weight:650;color:#fff;width:" + (SIDEBAR - 32) + "px}" +
    ".logo i{display:inline-block;width:22px;height:22px;border-radius:6px;background:#95bf47}" +
    ".search{flex:1;max-width:560px;margin:0 auto;height:32px;border-radius:8px;background:#303030;color:#8a8a8a;display:flex;align-items:center;padding:0 12px}" +
    ".store{display:flex;align-items:center;gap:8px}" +
    ".store b{display:inline-flex;width:28px;height:28px;border-radius:8px;background:#36fba1;color:#1a1a1a;align-items:center;justify-content:center;font-size:12px}" +
    ".side{position:fixed;top:" + TOPBAR + "px;left:0;bottom:0;width:" + SIDEBAR + "px;background:#ebebeb;border-right:1px solid #e3e3e3;padding:12px 8px;overflow:auto;z-index:500;font:13px/1.3 -apple-system,BlinkMacSystemFont,'San Francisco','Segoe UI',Roboto,sans-serif}" +
    ".section{color:#616161;font-size:12px;font-weight:550;padding:12px 8px 6px}" +
    ".app{display:flex;align-items:center;gap:8px;padding:6px 8px;border-radius:8px;color:#303030;font-weight:650;text-decoration:none}" +
    ".app i{display:inline-block;width:20px;height:20px;border-radius:5px;background:linear-gradient(135deg,#005bd3,#7c3aed)}" +
    ".app:hover{background:#e3e3e3}" +
    ".app[aria-current=page]{background:#fafafa}" +
    "ul{list-style:none;margin:2px 0 0;padding:0}" +
    "li a{display:block;padding:6px 8px 6px 36px;margin:1px 0;border-radius:8px;color:#303030;text-decoration:none}" +
    "li a:hover{background:#e3e3e3}" +
    "li a[aria-current=page]{background:#fff;font-weight:650;box-shadow:0 1px 0 rgba(0,0,0,.07)}" +
    ".demo{margin-top:16px;border-top:1px solid #d4d4d4;padding-top:8px}" +
    ".demo a{display:block;padding:6px 8px;border-radius:8px;color:#005bd3;text-decoration:none}" +
    ".demo a:hover{background:#e3e3e3}" +
    "@media (max-width: 767px){.side{display:none}}";

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }
  function pathOf(href) {
    try { return new URL(href, location.href).pathname.replace(/\/+$/, "") || "/"; } catch (e) { return href; }
  }
  // The item whose path is the longest prefix of the current one (at a segment boundary).
  function currentIndex(paths) {
    var here = location.pathname.replace(/\/+$/, "") || "/";
    var best = -1;
    var bestLength = -1;
    paths.forEach(function (p, i) {
      var match = here === p || here.indexOf(p === "/" ? "/" : p + "/") === 0;
      if (match && p.length > bestLength) { best = i; bestLength = p.length; }
    });
    return best;
  }

  // What the app's Remix AppProvider listens for: navigate to the menu link's href in the app.
  function navigateTo(anchor) {
    if (!anchor) return;
    anchor.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true, composed: true }));
  }

  if (window.customElements && !customElements.get("ui-nav-menu")) {
    customElements.define(
      "ui-nav-menu",
      class extends HTMLElement {
        constructor() {
          super();
          this._root = this.attachShadow({ mode: "open" });
          var self = this;
          this._observer = new MutationObserver(function () { self.render(); });
          this._onLocation = function () { self.highlight(); };
          this._root.addEventListener("click", function (event) {
            var a = event.target && event.target.closest ? event.target.closest("a[data-index]") : null;
            if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            navigateTo(self._anchors[Number(a.getAttribute("data-index"))]);
          });
        }
        connectedCallback() {
          this._observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
          window.addEventListener("popstate", this._onLocation);
          window.addEventListener("demo:locationchange", this._onLocation);
          this.render();
        }
        disconnectedCallback() {
          this._observer.disconnect();
          window.removeEventListener("popstate", this._onLocation);
          window.removeEventListener("demo:locationchange", this._onLocation);
        }
        render() {
          var anchors = Array.prototype.filter.call(this.children, function (c) { return c.tagName === "A"; });
          this._anchors = anchors;
          var home = anchors.filter(function (a) { return a.getAttribute("rel") === "home"; })[0] || null;
          var homeIndex = anchors.indexOf(home);
          var items = anchors
            .map(function (a, i) { return { a: a, i: i }; })
            .filter(function (x) { return x.a !== home; });
          var html =
            "<style>" + STYLE + "</style>" +
            '<header class="top" aria-label="Shopify admin (demo)">' +
            '<span class="logo"><i></i>shopify <small style="font-weight:400;color:#8a8a8a">demo</small></span>' +
            '<span class="search">Search</span>' +
            '<span class="store"><b>' + escapeHtml(storeName.slice(0, 2).toUpperCase()) + "</b>" + escapeHtml(storeName) + "</span>" +
            "</header>" +
            '<nav class="side" aria-label="Backorder Pilot">' +
            '<div class="section">Apps</div>' +
            '<a class="app" data-index="' + (home ? homeIndex : items.length ? items[0].i : 0) + '" href="' + escapeHtml(home ? home.getAttribute("href") : "/app") + '"><i></i>Backorder Pilot</a>' +
            "<ul>" +
            items
              .map(function (x) {
                return '<li><a data-index="' + x.i + '" data-path="' + escapeHtml(pathOf(x.a.getAttribute("href") || "")) + '" href="' + escapeHtml(x.a.getAttribute("href") || "") + '">' + escapeHtml((x.a.textContent || "").trim()) + "</a></li>";
              })
              .join("") +
            "</ul>" +
            '<div class="demo"><div class="section">Demo</div><a href="/demo/mailbox" target="_blank" rel="noopener">Mailbox, Slack &amp; supplier APIs ↗</a></div>' +
            "</nav>";
          this._root.innerHTML = html;
          this.highlight();
        }
        highlight() {
          var links = this._root.querySelectorAll("li a[data-path]");
          var paths = Array.prototype.map.call(links, function (l) { return l.getAttribute("data-path"); });
          var current = currentIndex(paths);
          Array.prototype.forEach.call(links, function (l, i) {
            if (i === current) l.setAttribute("aria-current", "page");
            else l.removeAttribute("aria-current");
          });
        }
      }
    );
  }

  // Client-side navigations change the URL through the History API: tell the menu.
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      window.dispatchEvent(new Event("demo:locationchange"));
      return result;
    };
  });
})();
