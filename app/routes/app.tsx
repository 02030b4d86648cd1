import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server";
import { appConfig } from "../config.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  const config = appConfig();
  // Demo mode has no internet: App Bridge comes from a local stand-in instead of Shopify's CDN.
  return { apiKey: config.apiKey, appBridgeUrl: config.demo ? "/demo/app-bridge.js" : undefined };
};

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  const bridgeProps = appBridgeUrl ? ({ __APP_BRIDGE_URL: appBridgeUrl } as Record<string, string>) : {};
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...bridgeProps}>
      {/* The first link (rel="home") is the app's home: admin does not list it as an item. */}
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app">Backorders</Link>
        <Link to="/app/purchase-orders">Purchase orders</Link>
        <Link to="/app/escalations">Escalations</Link>
        <Link to="/app/suppliers">Suppliers</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/promise-settings">Promise settings</Link>
        {/* Recovery (issue 9): receiving stock with an allocation preview, and recovery's settings. */}
        <Link to="/app/restock">Receive stock</Link>
        <Link to="/app/settings/recovery">Recovery settings</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
