import { parse as parseYaml } from "yaml";
import { type HttpToolInput, httpToolSchema } from "@/lib/schemas/tool";
import { invalid } from "@/server/errors";

// OpenAPI 3.x (JSON or YAML) → HTTP tool drafts, one per operation. Pure: the studio lists the drafts,
// the builder picks some, and `importTools` saves them. Local `$ref`s are inlined (cycles cut off).

export interface OpenApiOperation {
  /** The tool the operation becomes; valid for `httpToolSchema`. */
  tool: HttpToolInput;
  method: string;
  path: string;
  summary: string;
}

export interface OpenApiImport {
  title: string;
  baseUrl: string;
  operations: OpenApiOperation[];
  /** Secrets the imported tools reference in their headers (from the spec's security schemes). */
  secrets: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

export function toolName(raw: string): string {
  const snake = raw
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const name = /^[a-z]/.test(snake) ? snake : `op_${snake}`;
  return name.slice(0, 64).replace(/_+$/, "");
}

function resolver(doc: Obj) {
  const lookup = (ref: string): unknown => {
    if (!ref.startsWith("#/")) throw invalid(`Only local references are supported, not ${ref}`);
    return ref
      .slice(2)
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((node, key) => (isObj(node) ? node[key] : undefined), doc);
  };
  // A reference already being inlined on the way down is a cycle: cut there. The depth bound caps the rest.
  const deref = (node: unknown, depth = 0, inlining: readonly string[] = []): unknown => {
    if (depth > 32) return {};
    if (Array.isArray(node)) return node.map((n) => deref(n, depth + 1, inlining));
    if (!isObj(node)) return node;
    if (typeof node.$ref === "string") return inlining.includes(node.$ref) ? {} : deref(lookup(node.$ref), depth + 1, [...inlining, node.$ref]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, depth + 1, inlining)]));
  };
  return deref;
}

// Keeps what a model needs to fill arguments; drops OpenAPI-only keywords JSON Schema tools do not use.
function cleanSchema(schema: unknown): Obj {
  if (!isObj(schema)) return { type: "string" };
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (["xml", "example", "examples", "externalDocs", "readOnly", "writeOnly", "deprecated", "discriminator", "nullable"].includes(k)) continue;
    if (k === "properties" && isObj(v)) out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, cleanSchema(s)]));
    else if (k === "items") out.items = cleanSchema(v);
    else out[k] = v;
  }
  return out;
}

export function parseOpenApi(text: string, opts: { baseUrl?: string } = {}): OpenApiImport {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw invalid(`This is neither JSON nor YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObj(doc) || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) throw invalid("Only OpenAPI 3.x documents can be imported (the `openapi: 3.x` field is missing)");
  if (!isObj(doc.paths)) throw invalid("The document has no paths");
  const deref = resolver(doc);
  const info = isObj(doc.info) ? doc.info : {};
  const server = Array.isArray(doc.servers) && isObj(doc.servers[0]) ? String(doc.servers[0].url ?? "") : "";
  const baseUrl = (opts.baseUrl ?? server).replace(/\/$/, "");
  if (!/^(https?:\/\/|\{\{\s*appUrl\s*\}\})/.test(baseUrl)) throw invalid("The document has no absolute server URL: enter the base URL to call");

  const { headers: authHeaders, secrets } = securityHeaders(doc, deref);
  const operations: OpenApiOperation[] = [];
  const seen = new Set<string>();
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref(rawItem);
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      let name = toolName(typeof op.operationId === "string" ? op.operationId : `${method}_${path}`);
      for (let i = 2; seen.has(name); i++) name = `${name.slice(0, 60)}_${i}`;
      seen.add(name);

      const properties: Obj = {};
      const required: string[] = [];
      for (const raw of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = deref(raw);
        if (!isObj(p) || typeof p.name !== "string" || (p.in !== "path" && p.in !== "query")) continue;
        properties[p.name] = { ...cleanSchema(p.schema), ...(typeof p.description === "string" ? { description: p.description } : {}) };
        if (p.required === true || p.in === "path") required.push(p.name);
      }
      const body = isObj(op.requestBody) ? deref(op.requestBody) : undefined;
      const content = isObj(body) && isObj(body.content) ? (body.content["application/json"] as Obj | undefined) : undefined;
      const bodySchema = isObj(content) ? cleanSchema(content.schema) : undefined;
      if (bodySchema && isObj(bodySchema.properties)) {
        Object.assign(properties, bodySchema.properties);
        if (Array.isArray(bodySchema.required)) required.push(...bodySchema.required.filter((r): r is string => typeof r === "string"));
      }

      const responseSchema = successSchema(op, deref);
      const upper = method.toUpperCase() as HttpToolInput["method"];
      const summary = String(op.summary ?? op.description ?? `${upper} ${path}`).trim();
      const tool: HttpToolInput = {
        name,
        description: summary.slice(0, 500) || `${upper} ${path}`,
        method: upper,
        url: `${baseUrl}${path}`,
        headers: authHeaders,
        args: { type: "object", properties, required: [...new Set(required)] },
        kind: method === "get" ? "read" : "write",
        requiresConfirmation: method !== "get",
        ...(responseSchema ? { responseSchema } : {}),
      };
      httpToolSchema.parse(tool); // a draft the import offers must save as is
      operations.push({ tool, method: upper, path, summary });
    }
  }
  if (operations.length === 0) throw invalid("The document has no GET, POST, PUT, PATCH or DELETE operations");
  return { title: String(info.title ?? "API"), baseUrl, operations, secrets };
}

/** The JSON schema of an operation's success answer (200, 201 or 2XX), which types the facts a lookup of it gives. */
function successSchema(op: Obj, deref: (n: unknown) => unknown): Obj | undefined {
  const responses = isObj(op.responses) ? op.responses : {};
  for (const status of ["200", "201", "2XX", "2xx"]) {
    const response = deref(responses[status]);
    const content = isObj(response) && isObj(response.content) ? response.content["application/json"] : undefined;
    if (isObj(content) && isObj(content.schema)) return cleanSchema(content.schema);
  }
  return undefined;
}

function securityHeaders(doc: Obj, deref: (n: unknown) => unknown): { headers: Record<string, string>; secrets: string[] } {
  const schemes = isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [key, raw] of Object.entries(schemes)) {
    const s = deref(raw);
    if (!isObj(s)) continue;
    const secret = toolName(key).toUpperCase();
    if (s.type === "http" && String(s.scheme).toLowerCase() === "bearer") headers.Authorization = `Bearer {{secret.${secret}}}`;
    else if (s.type === "apiKey" && s.in === "header" && typeof s.name === "string") headers[s.name] = `{{secret.${secret}}}`;
    else continue;
    secrets.push(secret);
    break; // one credential per API is what tools carry; more would need a choice the builder makes
  }
  return { headers, secrets };
}
