import { describe, expect, it } from "vitest";
import { renderNotice, unknownPlaceholders, type FirstBackorderNotice, type ShippedNotice, type WindowSlippedNotice } from "./index";

const first: FirstBackorderNotice = {
  shop: { name: "Linen & Co" },
  order: { name: "#1001" },
  customer: { firstName: "Ana", lastName: "Silva" },
  locale: "en-US",
  delayed: [{ title: "Linen shirt", variantTitle: "Blue / L", quantity: 2, window: { earliest: "2026-05-04", latest: "2026-05-08" } }],
  onTrack: [{ title: "Socks", quantity: 1 }],
  nextUpdateBy: "2026-05-06",
};

const slipped: WindowSlippedNotice = {
  shop: { name: "Linen & Co" },
  order: { name: "#1001" },
  customer: { firstName: "Ana" },
  locale: "en-US",
  items: [
    {
      title: "Linen shirt",
      quantity: 1,
      previous: { earliest: "2026-05-04", latest: "2026-05-08" },
      window: { earliest: "2026-05-11", latest: "2026-05-15" },
    },
  ],
  nextUpdateBy: "2026-05-13",
};

const shipped: ShippedNotice = {
  shop: { name: "Linen & Co" },
  order: { name: "#1001" },
  customer: { firstName: "Ana" },
  locale: "en-US",
  items: [{ title: "Linen shirt", variantTitle: "Blue / L", quantity: 2 }],
};

/** The visible text of the HTML body, tags dropped and entities decoded. */
function visible(html: string): string {
  const body = html.replace(/^[\s\S]*<body[^>]*>/, "").replace(/<div style="display:none[^"]*">[\s\S]*?<\/div>/, "");
  const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };
  return body
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#x27);/g, (e) => entities[e])
    .replace(/\s+/g, " ")
    .trim();
}

describe("first backorder notice", () => {
  it("says what is delayed and until when, what is on track, and when the next update comes", () => {
    const n = renderNotice("first_backorder", first);
    expect(n.subject).toBe("Part of your order #1001 is backordered");
    expect(n.text).toBe(
      [
        "Hi Ana,",
        "Thank you for your order #1001. Some items in it are backordered: we don't have them in stock yet. Here is when we expect to ship them.",
        "BACKORDERED\n- 2 × Linen shirt (Blue / L): expected to ship May 4 – 8, 2026",
        "ON TRACK (not affected, ship as usual)\n- Socks",
        "We'll email you again if these dates change, and by May 6, 2026 at the latest.",
        "Linen & Co",
        "You're receiving this email about your order #1001 at Linen & Co.",
      ].join("\n\n") + "\n"
    );
    expect(visible(n.html)).toBe(
      "Hi Ana, Thank you for your order #1001. Some items in it are backordered: we don't have them in stock yet. Here is when we expect to ship them. " +
        "Backordered Item Expected to ship 2 × Linen shirt (Blue / L) May 4 – 8, 2026 " +
        "On track These items are not affected and ship as usual: Socks " +
        "We'll email you again if these dates change, and by May 6, 2026 at the latest. Linen & Co " +
        "You're receiving this email about your order #1001 at Linen & Co."
    );
  });

  it("has no 'on track' part when the whole order waits", () => {
    const n = renderNotice("first_backorder", { ...first, onTrack: [] });
    expect(n.subject).toBe("Your order #1001 is backordered");
    expect(visible(n.html)).not.toContain("On track");
    expect(n.text).not.toContain("ON TRACK");
  });

  it("offers the choice only when there is a link for it", () => {
    const without = renderNotice("first_backorder", first);
    expect(without.html).not.toContain("<a ");
    expect(without.text).not.toContain("Choose what happens");

    const url = "https://linen.example/apps/backorder/choose?order=1001&t=abc";
    const withLink = renderNotice("first_backorder", { ...first, actionUrl: url });
    expect(withLink.html).toContain('<a href="https://linen.example/apps/backorder/choose?order=1001&amp;t=abc"');
    expect(visible(withLink.html)).toContain(
      "Would you rather not wait? You can choose what happens to the backordered items. Choose what happens to your order"
    );
    expect(withLink.text).toContain(`Choose what happens to your order: ${url}`);
  });

  it("refuses a link that is not a web link", () => {
    expect(() => renderNotice("first_backorder", { ...first, actionUrl: "javascript:alert(1)" })).toThrow(TypeError);
  });
});

describe("window slipped notice", () => {
  it("shows the old and the new window", () => {
    const n = renderNotice("window_slipped", slipped);
    expect(n.subject).toBe("New shipping dates for your order #1001");
    expect(visible(n.html)).toContain("Item Was Now expected Linen shirt May 4 – 8, 2026 May 11 – 15, 2026");
    expect(n.text).toContain("- Linen shirt: was May 4 – 8, 2026, now expected May 11 – 15, 2026");
    expect(n.text).toContain("by May 13, 2026 at the latest");
  });

  it("writes the dates the customer's way", () => {
    const n = renderNotice("window_slipped", { ...slipped, locale: "de-DE" });
    expect(n.text).toContain("was 4.–8. Mai 2026, now expected 11.–15. Mai 2026");
    expect(renderNotice("window_slipped", { ...slipped, locale: "en-GB" }).text).toContain(
      "was 4 – 8 May 2026, now expected 11 – 15 May 2026"
    );
  });
});

describe("shipped notice", () => {
  it("says the items are on their way, with tracking when there is some", () => {
    const n = renderNotice("shipped", shipped);
    expect(n.subject).toBe("Your backordered items from order #1001 are on their way");
    expect(visible(n.html)).toContain("2 × Linen shirt (Blue / L)");
    expect(n.html).not.toContain("<a ");

    const tracked = renderNotice("shipped", {
      ...shipped,
      tracking: { url: "https://track.example/1Z999", company: "UPS", number: "1Z999" },
    });
    expect(tracked.html).toContain('<a href="https://track.example/1Z999"');
    expect(visible(tracked.html)).toContain("Shipped with UPS 1Z999 Track your parcel");
    expect(tracked.text).toContain("Track your parcel (UPS 1Z999): https://track.example/1Z999");
  });
});

describe("shop overrides and escaping", () => {
  it("takes the shop's subject and intro, filling the placeholders", () => {
    const n = renderNotice("first_backorder", first, {
      subject: "{{customer}}, news about {{order}} from {{shop}}",
      intro: "Dear {{customer}},\n\nyour {{order}} is partly delayed.\n\n{{tracking}} stays as written.",
    });
    expect(n.subject).toBe("Ana, news about #1001 from Linen & Co");
    expect(n.text.startsWith("Dear Ana,\n\nyour #1001 is partly delayed.\n\n{{tracking}} stays as written.\n\nBACKORDERED")).toBe(true);
    expect(n.html).toContain("<title>Ana, news about #1001 from Linen &amp; Co</title>");
  });

  it("falls back to the defaults for empty overrides", () => {
    expect(renderNotice("shipped", shipped, { subject: "  ", intro: "" })).toEqual(renderNotice("shipped", shipped));
  });

  it("greets 'there' when the customer's name is unknown", () => {
    expect(renderNotice("shipped", { ...shipped, customer: { firstName: null } }).text.startsWith("Hi there,")).toBe(true);
  });

  it("escapes every piece of data in the HTML and keeps the subject on one line", () => {
    const n = renderNotice(
      "first_backorder",
      {
        ...first,
        shop: { name: 'Tom & "Jerry" <Shop>' },
        customer: { firstName: "<b>Ana</b>" },
        delayed: [{ ...first.delayed[0], title: "<script>alert('x')</script>", variantTitle: "<img src=x onerror=alert(1)>" }],
        onTrack: [{ title: "<i>Socks</i>", quantity: 1 }],
      },
      { subject: "Order {{order}}\r\nBcc: someone@example.com", intro: "Hi {{customer}} from {{shop}}" }
    );
    expect(n.subject).toBe("Order #1001 Bcc: someone@example.com");
    for (const raw of ["<script", "<b>", "<img", "<i>", "<Shop>"]) expect(n.html).not.toContain(raw);
    expect(n.html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;");
    expect(n.html).toContain("Hi &lt;b&gt;Ana&lt;/b&gt; from Tom &amp; &quot;Jerry&quot; &lt;Shop&gt;");
    // The plain-text part is text: nothing to escape, shown as the customer would type it.
    expect(n.text).toContain("<script>alert('x')</script>");
  });
});

describe("email-safe HTML", () => {
  it.each(["first_backorder", "window_slipped", "shipped"] as const)(
    "%s: a complete document of layout tables and inline styles, nothing external",
    (kind) => {
      const data = { first_backorder: { ...first, actionUrl: "https://linen.example/choose" }, window_slipped: slipped, shipped }[kind];
      const { html } = renderNotice(kind, data as never);
      expect(html.startsWith('<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>')).toBe(true);
      expect(html).toContain('<table role="presentation"');
      for (const unsafe of ["<img", "<style", "<script", "<link", " src=", "url("]) expect(html).not.toContain(unsafe);
      expect(html.match(/https?:\/\/[^"<\s]+/g) ?? []).toEqual(kind === "first_backorder" ? ["https://linen.example/choose"] : []);
    }
  );
});

describe("unknownPlaceholders", () => {
  it("lists placeholders a shop's template uses that will not be filled", () => {
    expect(unknownPlaceholders("{{ order }} for {{customer}} at {{shop}}")).toEqual([]);
    expect(unknownPlaceholders("{{order}} {{tracking}} {{ total }}")).toEqual(["tracking", "total"]);
  });
});
