// CSV export of the supplier matrix: /app/export/suppliers.csv and /app/export/offers.csv.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { exportSupplierMatrixCsv } from "../services/replenishment-admin.server";

const File = z.enum(["suppliers.csv", "offers.csv"]);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const file = File.safeParse(params.file);
  if (!file.success) throw new Response("Not found", { status: 404 });
  const csv = await exportSupplierMatrixCsv(session.shop, file.data === "suppliers.csv" ? "suppliers" : "offers");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.data}"`,
      "cache-control": "no-store",
    },
  });
};
