"use client";

import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { AudienceBadge } from "./audience";
import { Citations } from "./citations";

const fmt = (n: number | null, digits = 3) => (n === null ? "–" : n.toFixed(digits));

/**
 * Ask a question, see every candidate chunk with each stage's score, what passed, and the agent's answer.
 * Internal documents are listed (labelled) but the answer, like a customer's, never uses them.
 */
export function SearchPanel({ workspace, scope }: { workspace: string; scope: { agentId: string } | { knowledgeBaseIds: string[] } }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const search = useQuery({ ...trpc.knowledge.search.queryOptions({ workspace, query, ...scope }), enabled: query.length > 0 });

  return (
    <Card data-testid="search-panel">
      <CardHeader>
        <CardTitle>Test a question</CardTitle>
        <CardDescription>Hybrid retrieval (vector + full text), fused, reranked and cut at the grounding threshold, then the answer the agent would give.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(draft.trim());
          }}
        >
          <Input aria-label="Question" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="How long do refunds take?" />
          <Button type="submit" disabled={!draft.trim() || search.isFetching}>
            <Search /> Search
          </Button>
        </form>
        {search.isError ? <FormError>{errorMessage(search.error)}</FormError> : null}
        {search.isFetching && !search.data ? <div className="h-24 animate-pulse rounded-md bg-zinc-100" aria-busy="true" /> : null}
        {search.data ? (
          <>
            <div data-testid="search-answer" data-grounded={search.data.answer.grounded} className={cn("rounded-md border p-3 text-sm", search.data.answer.grounded ? "border-emerald-200 bg-emerald-50" : "border-amber-200 bg-amber-50")}>
              <p className="mb-1 text-xs font-medium uppercase text-zinc-500">{search.data.answer.grounded ? "Answer" : "Not grounded"}</p>
              <p className="whitespace-pre-wrap text-zinc-900">{search.data.reply}</p>
              <Citations citations={search.data.answer.citations} />
            </div>
            {search.data.knowledgeBaseIds.length === 0 ? <p className="text-sm text-zinc-500">No knowledge base is selected, so nothing can be found.</p> : null}
            <div className="overflow-x-auto">
              <table className="w-full text-left text-xs" data-testid="search-results">
                <thead className="text-zinc-500">
                  <tr>
                    <th className="py-1 pr-2 font-medium">Chunk</th>
                    <th className="px-2 py-1 font-medium">Vector</th>
                    <th className="px-2 py-1 font-medium">Lexical</th>
                    <th className="px-2 py-1 font-medium">Fused</th>
                    <th className="px-2 py-1 font-medium">Rerank</th>
                    <th className="py-1 pl-2 font-medium">Threshold {search.data.threshold}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {search.data.chunks.map((c) => (
                    <tr key={c.id} data-testid="search-result" data-passed={c.passed} data-audience={c.audience} className="align-top">
                      <td className="max-w-md py-2 pr-2">
                        <p className="font-medium text-zinc-900">
                          <Link href={`/${workspace}/knowledge/${c.knowledgeBaseId}/documents/${c.documentId}`} className="text-brand-700 hover:underline">
                            {c.documentTitle}
                          </Link>
                          {c.sectionPath ? ` › ${c.sectionPath}` : ""}
                          {c.audience === "internal" ? <AudienceBadge audience={c.audience} className="ml-1.5 align-middle" /> : null}
                        </p>
                        <p className="line-clamp-3 text-zinc-600">{c.text}</p>
                      </td>
                      <td className="px-2 py-2 tabular-nums">
                        {fmt(c.scores.vector)} {c.scores.vectorRank ? <span className="text-zinc-500">#{c.scores.vectorRank}</span> : null}
                      </td>
                      <td className="px-2 py-2 tabular-nums">
                        {fmt(c.scores.lexical)} {c.scores.lexicalRank ? <span className="text-zinc-500">#{c.scores.lexicalRank}</span> : null}
                      </td>
                      <td className="px-2 py-2 tabular-nums">{fmt(c.scores.fused, 4)}</td>
                      <td className="px-2 py-2 font-medium tabular-nums">{fmt(c.scores.rerank)}</td>
                      <td className="py-2 pl-2">
                        {c.passed ? <span className="text-emerald-700">passed</span> : <span className="text-zinc-500">below</span>}
                        {c.audience === "internal" ? <span className="block text-zinc-500">not for customers</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="text-xs text-zinc-500">
              {search.data.durationMs.toFixed(1)} ms · model {search.data.model}
            </p>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
