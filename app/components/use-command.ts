// Commands from the replenishment screens: a fetcher posting JSON to the route's action, with the
// outcome shown as an App Bridge toast (once per answer). Field errors stay on the fetcher's data
// for the form to show inline.
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useRef } from "react";

export type CommandAnswer = { ok: true; message: string } | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function useCommand<T extends CommandAnswer = CommandAnswer>(o: { key?: string; onSuccess?: (answer: T) => void } = {}) {
  const fetcher = useFetcher<T>(o.key ? { key: o.key } : undefined);
  const shopify = useAppBridge();
  const shown = useRef<unknown>(null);
  const onSuccess = useRef(o.onSuccess);
  onSuccess.current = o.onSuccess;
  useEffect(() => {
    const answer = fetcher.data as T | undefined;
    // As soon as the answer is in (the page revalidates after it, and may drop this component).
    if (fetcher.state === "submitting" || !answer || shown.current === answer) return;
    shown.current = answer;
    if (answer.ok) {
      shopify.toast.show(answer.message);
      onSuccess.current?.(answer);
    } else shopify.toast.show(answer.error, { isError: true });
  }, [fetcher.state, fetcher.data, shopify]);
  const answer = fetcher.data as T | undefined;
  return {
    fetcher,
    busy: fetcher.state !== "idle",
    answer,
    fieldErrors: answer && !answer.ok ? (answer.fieldErrors ?? {}) : {},
    run(body: Record<string, unknown>, action?: string) {
      fetcher.submit(body as never, { method: "post", encType: "application/json", ...(action ? { action } : {}) });
    },
  };
}
