import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

// A test call is checked against the tool's own argument schema before anything is sent.
let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
});

const tool = {
  name: "order_status",
  description: "An order's status",
  method: "GET",
  url: "http://127.0.0.1:9/orders/{order_id}",
  kind: "read",
  args: { type: "object", required: ["order_id"], properties: { order_id: { type: "string" }, verbose: { type: "boolean" } } },
};

describe("test calls", () => {
  it("refuses arguments that do not fit the tool's schema, naming the argument", async () => {
    await expect(ws.caller.tools.test({ workspace: ws.workspace.slug, tool, args: { verbose: true } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Argument order_id: Required. Fix it to match the tool's argument schema.",
    });
    await expect(ws.caller.tools.test({ workspace: ws.workspace.slug, tool, args: { order_id: "#W1", verbose: "yes" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Argument verbose: Must be true or false. Fix it to match the tool's argument schema.",
    });
  });

  it("sends arguments that fit (here to a blocked address, which is reported, not thrown)", async () => {
    const res = await ws.caller.tools.test({ workspace: ws.workspace.slug, tool, args: { order_id: "#W1" } });
    expect(res).toMatchObject({ ok: false, error: { code: "blocked_url" } });
  });
});
