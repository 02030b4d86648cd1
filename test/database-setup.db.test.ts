import "./setup/database";
import { describe, expect, it } from "vitest";
import prisma from "../app/db.server";

describe("test database", () => {
  it("is migrated and isolated per file", async () => {
    expect(await prisma.backorderLine.count()).toBe(0);
    await prisma.shop.create({ data: { domain: "a.myshopify.com" } });
    expect(await prisma.shop.count()).toBe(1);
  });
});
