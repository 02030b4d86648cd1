// Building blocks of an email that renders the same in Outlook, Gmail and Apple Mail: nested
// layout tables, inline styles only (clients drop <style> blocks), no images, system fonts,
// text colours at 4.5:1 or better on their background.
import type { ReactNode } from "react";

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT = "#1f2933";
const MUTED = "#52606d";
const RULE = "#e4e7eb";
const PAGE = "#f4f5f7";

export function EmailLayout(props: { title: string; preview: string; footer: string; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.title}</title>
      </head>
      <body style={{ margin: 0, padding: 0, backgroundColor: PAGE }}>
        {/* The inbox preview line; hidden in the message itself. */}
        <div style={{ display: "none", maxHeight: 0, overflow: "hidden", opacity: 0 }}>{props.preview}</div>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ backgroundColor: PAGE }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "24px 12px" }}>
                <table
                  role="presentation"
                  width="100%"
                  cellPadding={0}
                  cellSpacing={0}
                  style={{ maxWidth: 600, backgroundColor: "#ffffff", borderRadius: 8 }}
                >
                  <tbody>
                    <tr>
                      <td style={{ padding: "32px 28px", fontFamily: FONT, fontSize: 16, lineHeight: "24px", color: TEXT }}>
                        {props.children}
                      </td>
                    </tr>
                  </tbody>
                </table>
                <p style={{ maxWidth: 600, margin: "16px auto 0", fontFamily: FONT, fontSize: 13, lineHeight: "20px", color: MUTED }}>
                  {props.footer}
                </p>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

export function Paragraph(props: { children: ReactNode; muted?: boolean }) {
  return <p style={{ margin: "0 0 16px", color: props.muted ? MUTED : TEXT }}>{props.children}</p>;
}

export function Heading(props: { children: ReactNode }) {
  return <h2 style={{ margin: "24px 0 8px", fontSize: 18, lineHeight: "26px", fontWeight: 600, color: TEXT }}>{props.children}</h2>;
}

/** A real data table (headers announced by screen readers), one row per item. */
export function ItemTable(props: { headers: string[]; rows: string[][] }) {
  const cell = { padding: "8px 8px 8px 0", borderBottom: `1px solid ${RULE}`, textAlign: "left", verticalAlign: "top" } as const;
  return (
    <table
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ margin: "0 0 16px", borderCollapse: "collapse", fontSize: 15, lineHeight: "22px" }}
    >
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th key={h} scope="col" style={{ ...cell, fontWeight: 600, color: MUTED }}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={i}>
            {row.map((value, j) => (
              <td key={j} style={cell}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ItemList(props: { items: string[] }) {
  return (
    <ul style={{ margin: "0 0 16px", paddingLeft: 20 }}>
      {props.items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** A button made of a table cell, so it keeps its shape in Outlook. */
export function ActionButton(props: { href: string; children: ReactNode }) {
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} style={{ margin: "8px 0 16px" }}>
      <tbody>
        <tr>
          <td style={{ backgroundColor: TEXT, borderRadius: 6 }}>
            <a
              href={props.href}
              style={{ display: "inline-block", padding: "12px 20px", color: "#ffffff", fontWeight: 600, textDecoration: "none" }}
            >
              {props.children}
            </a>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
