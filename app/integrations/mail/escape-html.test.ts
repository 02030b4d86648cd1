import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape-html";

describe("escapeHtml", () => {
  it("escapes markup and both quote styles, ampersands first", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  });
  it("leaves plain text alone", () => {
    expect(escapeHtml("Trail tent, 2 person – 12×")).toBe("Trail tent, 2 person – 12×");
  });
});
