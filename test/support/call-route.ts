import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

export type RouteAction = (args: ActionFunctionArgs) => Promise<Response> | Response;
export type RouteLoader<T> = (args: LoaderFunctionArgs) => Promise<T>;

/** Calls a route module's action the way Remix does: a real Request, params, empty context. */
export function callAction(action: RouteAction, request: Request, params: Record<string, string> = {}) {
  return Promise.resolve(action({ request, params, context: {} }));
}

export function callLoader<T>(loader: RouteLoader<T>, request: Request, params: Record<string, string> = {}) {
  return loader({ request, params, context: {} });
}
