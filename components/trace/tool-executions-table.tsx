import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import type { ToolExecutionRow } from "./types";

/** The ledger of tool executions: each write once per idempotency key, with what the policy decided. */
export function ToolExecutionsTable({ executions }: { executions: ToolExecutionRow[] }) {
  if (executions.length === 0) return <p className="text-sm text-zinc-500">No tool wrote anything in this conversation.</p>;
  return (
    <Table data-testid="tool-executions">
      <THead>
        <tr>
          <Th>Tool</Th>
          <Th>Status</Th>
          <Th>Args</Th>
          <Th>Duration</Th>
          <Th>Idempotency key</Th>
        </tr>
      </THead>
      <TBody>
        {executions.map((e) => (
          <tr key={e.id} data-testid="tool-execution-row">
            <Td className="font-medium">{e.tool}</Td>
            <Td>
              <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", e.status === "succeeded" ? "bg-emerald-100 text-emerald-800" : e.status === "blocked" || e.status === "failed" ? "bg-red-100 text-red-800" : "bg-zinc-100 text-zinc-700")}>{e.status}</span>
            </Td>
            <Td className="max-w-64 truncate font-mono text-xs" title={JSON.stringify(e.args)}>
              {JSON.stringify(e.args)}
            </Td>
            <Td className="tabular-nums">{e.durationMs != null ? `${Math.round(e.durationMs)} ms` : "—"}</Td>
            <Td className="max-w-56 truncate font-mono text-xs" title={e.idempotencyKey}>
              {e.idempotencyKey}
            </Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
