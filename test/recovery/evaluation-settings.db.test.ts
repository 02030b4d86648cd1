// Stock evaluation reads the priority policy and the shop's time zone in one round trip
// (`evaluationSettings`); allocation reads the policy through `effectivePriorityPolicy`, which is
// built on it. Detection and allocation must rank by the same policy: pinned here with no settings
// at all, with promise windows only, with the merchant's own policy, and with a stored policy that
// no longer validates (the default, from the promise windows).
import "../setup/database";
import { afterAll, describe, expect, it } from "vitest";

const { default: prisma } = await import("../../app/db.server");
const { evaluationSettings, effectivePriorityPolicy } = await import("../../app/services/recovery/settings.server");

afterAll(async () => {
  await prisma.$disconnect();
});

async function both(shop: string) {
  const one = await prisma.$transaction((tx) => evaluationSettings(shop, tx));
  const other = await effectivePriorityPolicy(shop);
  return { one, other };
}

describe("evaluation settings (one read) agree with the effective priority policy", () => {
  it("no shop row, no settings: the default criteria at the default 7-day service level, no time zone", async () => {
    const { one, other } = await both("nobody.myshopify.com");
    expect(one).toEqual({ policy: other, timezone: null });
    expect(other).toEqual({ criteria: ["past_promise", "service_level", "order_value", "order_age"], serviceLevelDays: { default: 7 } });
  });

  it("promise windows become service levels; the shop's time zone comes along", async () => {
    const shop = "windows.myshopify.com";
    await prisma.shop.create({ data: { domain: shop, timezone: "Europe/Madrid", country: "ES" } });
    await prisma.replenishmentSettings.create({ data: { shop, supplierWeights: {}, promiseWindowDays: { default: 9, amazon: 2.5 }, updatedAt: new Date() } });
    const { one, other } = await both(shop);
    expect(one).toEqual({ policy: other, timezone: "Europe/Madrid" });
    expect(other.serviceLevelDays).toEqual({ default: 9, amazon: 3 });
  });

  it("the merchant's own policy wins; a stored policy that no longer validates falls back in both", async () => {
    const shop = "own.myshopify.com";
    await prisma.shop.create({ data: { domain: shop, timezone: "America/New_York", country: "US" } });
    await prisma.replenishmentSettings.create({ data: { shop, supplierWeights: {}, promiseWindowDays: { default: 5 }, updatedAt: new Date() } });
    const own = { criteria: ["order_age"], serviceLevelDays: { default: 4 } };
    await prisma.recoverySettings.create({ data: { shop, aging: {}, priorityPolicy: own, updatedAt: new Date() } });
    let r = await both(shop);
    expect(r.one).toEqual({ policy: r.other, timezone: "America/New_York" });
    expect(r.other).toEqual(own);

    await prisma.recoverySettings.update({ where: { shop }, data: { priorityPolicy: { criteria: ["coin_flip"] } } });
    r = await both(shop);
    expect(r.one).toEqual({ policy: r.other, timezone: "America/New_York" });
    expect(r.other).toEqual({ criteria: ["past_promise", "service_level", "order_value", "order_age"], serviceLevelDays: { default: 5 } });
  });
});
