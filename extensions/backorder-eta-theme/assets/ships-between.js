// Keeps the "Ships between" app block on the variant the shopper picks. Themes announce a
// variant change in different ways, but they all leave the product form's `id` field holding
// the chosen variant (and most put it in the URL's `variant` parameter): read that after any
// change, and show the message rendered for that variant, or none.
(function () {
  "use strict";

  function selectedVariantId(block) {
    var scope = block.closest("[id^='shopify-section']") || document;
    var field =
      scope.querySelector("form[action*='/cart/add'] [name='id']") || document.querySelector("form[action*='/cart/add'] [name='id']");
    return (field && field.value) || new URLSearchParams(window.location.search).get("variant");
  }

  function refresh() {
    var blocks = document.querySelectorAll("[data-backorder-eta]");
    for (var i = 0; i < blocks.length; i++) {
      var id = selectedVariantId(blocks[i]);
      if (!id) continue;
      var messages = blocks[i].querySelectorAll("[data-variant-id]");
      for (var j = 0; j < messages.length; j++) messages[j].hidden = messages[j].getAttribute("data-variant-id") !== id;
    }
  }

  // After the theme's own handlers have run (they update the form, sometimes a tick later).
  function soon() {
    window.setTimeout(refresh, 0);
  }

  document.addEventListener("change", soon, true);
  document.addEventListener("variant:change", soon);
  window.addEventListener("popstate", soon);
  document.addEventListener("shopify:section:load", soon);
  refresh();
})();
