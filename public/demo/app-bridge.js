// App Bridge stand-in for demo mode (no internet, no Shopify admin frame). Provides what the app
// uses from window.shopify and, like App Bridge, adds a fresh session token to same-origin fetches.
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
    el.style.cssText = "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);padding:10px 16px;border-radius:8px;color:#fff;font:14px system-ui;z-index:99999;background:" + (isError ? "#8e1f0b" : "#303030");
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
  // Admin shows <ui-nav-menu> links in its sidebar; the stand-in leaves the menu as rendered (plain links).
})();
