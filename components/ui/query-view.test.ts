import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QueryView } from "./query-view";

/** The observer result a component would get from `useQuery` for `key`, at this moment. */
function resultOf(client: QueryClient, key: string) {
  return new QueryObserver<string[]>(client, { queryKey: [key], queryFn: () => new Promise<string[]>(() => {}), enabled: false }).getCurrentResult();
}

function render(query: ReturnType<typeof resultOf>, empty?: string) {
  // QueryView has no hooks, so calling it is rendering it; this keeps the render-prop `children` typed.
  return renderToStaticMarkup(createElement(Fragment, null, QueryView({ query, empty, children: (rows) => `[${rows.join(",")}]` })));
}

describe("QueryView", () => {
  it("shows the skeleton while pending, the error, the empty state, then the data", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    expect(render(resultOf(client, "pending"))).toBe('<div class="h-40 animate-pulse rounded-card bg-zinc-100" aria-busy="true"></div>');

    await client.prefetchQuery({ queryKey: ["failed"], queryFn: () => Promise.reject(new TRPCClientError("Agent not found")) });
    expect(render(resultOf(client, "failed"))).toContain(">Agent not found</div>");

    client.setQueryData(["none"], []);
    expect(render(resultOf(client, "none"), "Nothing yet")).toBe("Nothing yet");
    // Without an `empty` node an empty list goes to the children like any other.
    expect(render(resultOf(client, "none"))).toBe("[]");

    client.setQueryData(["some"], ["a", "b"]);
    expect(render(resultOf(client, "some"), "Nothing yet")).toBe("[a,b]");
  });
});
