import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import type { openApiDocument } from "@/server/services/hosted-api/openapi";

type Doc = ReturnType<typeof openApiDocument>;
interface Operation {
  summary: string;
  description?: string;
  operationId: string;
  requestBody?: { content: { "application/json": { schema: { $ref: string } } } };
  responses: Record<string, { description: string }>;
}

const refName = (ref: string) => ref.split("/").at(-1)!;

/** The OpenAPI document, readable: endpoints, bodies, errors, and copy-paste quick starts. */
export function ApiReference({ workspace, document: doc, errors }: { workspace: string; document: Doc; errors: Record<string, number> }) {
  const base = doc.servers[0]!.url;
  const schemas = doc.components.schemas as Record<string, unknown>;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  const curl = `curl -s ${base}/conversations \\
  -H "Authorization: Bearer $SWITCHBACK_API_KEY" -H "Content-Type: application/json" \\
  -d '{"agent": "retail-support", "customer": {"id": "cust_123"}}'

curl -s ${base}/conversations/$ID/messages \\
  -H "Authorization: Bearer $SWITCHBACK_API_KEY" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: msg-1" -d '{"text": "Where is my order #W2378156?"}'`;
  const openai = `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}/agents/retail-support", apiKey: process.env.SWITCHBACK_API_KEY });
const reply = await client.chat.completions.create({
  model: "retail-support",
  user: "cust_123",
  messages: [{ role: "user", content: "Where is my order #W2378156?" }],
});`;
  return (
    <div className="space-y-8">
      <PageHeader
        title={doc.info.title}
        description={
          <>
            Base URL <code>{base}</code> ·{" "}
            <a className="text-brand-700 underline" href={`${base}/openapi.json`}>
              openapi.json
            </a>
          </>
        }
        className="items-end"
        actions={
          <Link href={`/${workspace}/settings/api-keys`} className="text-sm font-medium text-brand-700 hover:underline">
            Manage API keys →
          </Link>
        }
      />
      <div className="space-y-3 text-sm text-zinc-700">
        {doc.info.description.split("\n\n").map((p) => (
          <p key={p}>{p}</p>
        ))}
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Quick start: REST</CardTitle>
          </CardHeader>
          <CardContent>
            <pre tabIndex={0} aria-label="curl example" className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">{curl}</pre>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Quick start: OpenAI SDK</CardTitle>
          </CardHeader>
          <CardContent>
            <pre tabIndex={0} aria-label="OpenAI SDK example" className="overflow-x-auto rounded-md bg-zinc-950 p-3 text-xs text-zinc-100">{openai}</pre>
          </CardContent>
        </Card>
      </div>

      <div className="space-y-4" data-testid="api-operations">
        {operations.map(({ path, method, op }) => (
          <Card key={`${method} ${path}`} id={op.operationId}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2 font-mono text-sm">
                <Badge variant="brand">{method}</Badge>
                {path}
              </CardTitle>
              <CardDescription>{op.summary}</CardDescription>
            </CardHeader>
            <CardContent className="space-y-3 text-sm">
              {op.description ? <p className="text-zinc-700">{op.description}</p> : null}
              {op.requestBody ? (
                <details>
                  <summary className="cursor-pointer font-medium">Request body: {refName(op.requestBody.content["application/json"].schema.$ref)}</summary>
                  <pre tabIndex={0} className="mt-2 overflow-x-auto rounded-md bg-zinc-50 p-3 text-xs">
                    {JSON.stringify(schemas[refName(op.requestBody.content["application/json"].schema.$ref)], null, 2)}
                  </pre>
                </details>
              ) : null}
              <ul className="flex flex-wrap gap-2">
                {Object.entries(op.responses).map(([status, r]) => (
                  <li key={status} className="rounded border border-zinc-200 px-2 py-0.5 text-xs">
                    <span className="font-mono font-semibold">{status}</span> {r.description}
                  </li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ))}
      </div>

      <div className="space-y-2">
        <h2 className="text-base font-semibold">Errors</h2>
        <Table>
          <THead>
            <tr>
              <Th>Code</Th>
              <Th>HTTP status</Th>
            </tr>
          </THead>
          <TBody>
            {Object.entries(errors).map(([code, status]) => (
              <tr key={code}>
                <Td className="font-mono">{code}</Td>
                <Td>{status}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </div>
    </div>
  );
}
