// `prisma migrate deploy` on embedded PGlite (the README's `npm run migrate`, and CI) splits a
// migration file at every semicolon, comments included: a semicolon in a `--` comment cuts the
// statement after it in two ("syntax error at or near ..."). The app's own applier sends each file
// whole, so the tests would not notice; this does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrationFiles } from "./apply-migrations.server";

describe("migration files", () => {
  it("have no semicolon inside a comment", () => {
    const offending = migrationFiles().flatMap((file) =>
      fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${path.basename(path.dirname(file))}:${i + 1}` }))
        .filter(({ line }) => {
          const comment = line.indexOf("--");
          return comment >= 0 && line.slice(comment).includes(";");
        })
        .map(({ at }) => at),
    );
    expect(offending).toEqual([]);
  });

  it("are found: one per migration folder, in order", () => {
    const names = migrationFiles().map((f) => path.basename(path.dirname(f)));
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("20261212000000_order_line_order_copies");
  });
});
