// Apart from the document's schema so the studio's import dialog can read them without the schemas' weight.

/** The version this app writes and the newest it reads. */
export const AGENT_EXPORT_VERSION = 1;
export const MAX_AGENT_EXPORT_BYTES = 2 * 1024 * 1024;
/**
 * The studio sends the file in a tRPC request, whose body is cut off at 1 MB (server/http/read-body.ts),
 * escaped as JSON: files up to this size go through; larger ones through the CLI. The demo agent's is ~110 KB.
 */
export const STUDIO_IMPORT_MAX_BYTES = 900 * 1024;
