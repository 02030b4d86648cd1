/** The numeric id of a Shopify global id (`gid://shopify/Order/123`, query strings allowed). */
export function gidNumber(gid: string): bigint {
  return BigInt(gid.split("/").pop()!.split("?")[0]);
}
