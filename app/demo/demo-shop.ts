// A believable demo shop: 5 suppliers (as vendors), 3 locations, 216 SKUs across product families,
// with thin stock on a handful of "hot" SKUs so the live order stream oversells them regularly.
import type { SeedProduct } from "../emulator";

export const DEMO_SHOP = "backorder-pilot-demo.myshopify.com";
export const DEMO_LOCATIONS = ["Brooklyn warehouse", "Reno fulfillment center", "SoHo flagship store"];
export const DEMO_SUPPLIERS = ["Lumen GmbH", "BrightCo", "Oakline Furniture", "Terra Ceramics", "Northwind Textiles"];
export const DEMO_CHANNELS = ["web", "web", "web", "pos", "amazon", "amazon", "ebay", "walmart", "shopify_draft_order"];

const FAMILIES: { name: string; prefix: string; vendor: string; price: number; items: string[] }[] = [
  { name: "Desk lamp", prefix: "LAMP", vendor: "Lumen GmbH", price: 89, items: ["Brass", "Matte black", "Opal", "Walnut", "Chrome", "Sage"] },
  { name: "Pendant light", prefix: "PEND", vendor: "BrightCo", price: 129, items: ["Dome", "Globe", "Cone", "Drum", "Linen", "Rattan"] },
  { name: "Lounge chair", prefix: "CHAIR", vendor: "Oakline Furniture", price: 349, items: ["Oak", "Walnut", "Ash", "Boucle", "Leather", "Canvas"] },
  { name: "Side table", prefix: "TABLE", vendor: "Oakline Furniture", price: 159, items: ["Round", "Square", "Nesting", "Travertine", "Marble", "Pine"] },
  { name: "Stoneware mug", prefix: "MUG", vendor: "Terra Ceramics", price: 24, items: ["Speckled", "Cobalt", "Sand", "Moss", "Rust", "Cloud"] },
  { name: "Planter", prefix: "PLANT", vendor: "Terra Ceramics", price: 39, items: ["Small", "Medium", "Large", "Footed", "Hanging", "Tall"] },
  { name: "Wool throw", prefix: "THROW", vendor: "Northwind Textiles", price: 119, items: ["Grey", "Camel", "Forest", "Ivory", "Plaid", "Navy"] },
  { name: "Linen cushion", prefix: "CUSH", vendor: "Northwind Textiles", price: 45, items: ["Oat", "Clay", "Olive", "Stone", "Blush", "Ink"] },
  { name: "Area rug", prefix: "RUG", vendor: "Northwind Textiles", price: 299, items: ["Jute", "Kilim", "Shag", "Flatweave", "Berber", "Striped"] },
];
const SIZES = ["S", "M", "L", "XL"];

/** 9 families x 6 styles x 4 sizes = 216 SKUs. `random` is injected (seeded in tests). */
export function demoProducts(random: () => number): SeedProduct[] {
  const products: SeedProduct[] = [];
  FAMILIES.forEach((f) => {
    f.items.forEach((style, si) => {
      products.push({
        title: `${style} ${f.name.toLowerCase()}`.replace(/^\w/, (c) => c.toUpperCase()),
        vendor: f.vendor,
        variants: SIZES.map((size, zi) => {
          // The first style's small and medium sizes run thin: they oversell every few minutes.
          const hot = si === 0 && zi < 2;
          const stock = (base: number) => (hot ? Math.floor(random() * 3) : base + Math.floor(random() * base));
          return {
            sku: `${f.prefix}-${style.toUpperCase().replace(/\W+/g, "")}-${size}`,
            title: size,
            price: f.price + zi * 10,
            inventoryPolicy: random() < 0.3 ? ("CONTINUE" as const) : ("DENY" as const),
            inventory: { [DEMO_LOCATIONS[0]]: stock(25), [DEMO_LOCATIONS[1]]: stock(15), [DEMO_LOCATIONS[2]]: stock(4) },
          };
        }),
      });
    });
  });
  return products;
}

export function hotSkus(products: SeedProduct[]): string[] {
  return products.flatMap((p) => p.variants.filter((v) => Object.values(v.inventory).every((q) => q <= 2)).map((v) => v.sku));
}
