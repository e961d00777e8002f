"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage, type FieldErrors, serverFieldErrors, zodFieldErrors } from "@/lib/form-errors";
import { createWorkspaceInput, slugify } from "@/lib/schemas/workspace";
import { useTRPC } from "@/lib/trpc/client";
import { useHydrated } from "@/lib/use-hydrated";

export function CreateWorkspaceForm() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const workspaces = useQuery(trpc.workspaces.list.queryOptions());
  const create = useMutation(trpc.workspaces.create.mutationOptions());
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = createWorkspaceInput.safeParse({ name, slug: slug.trim() || undefined });
    if (!parsed.success) {
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    try {
      const workspace = await create.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
      router.push(`/${workspace.slug}`);
    } catch (err) {
      const perField = serverFieldErrors(err);
      setFieldErrors(perField);
      if (Object.values(perField).every((m) => !m)) setError(errorMessage(err));
    }
  }

  const hasWorkspaces = (workspaces.data?.length ?? 0) > 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{hasWorkspaces ? "New workspace" : "Create your first workspace"}</CardTitle>
        <CardDescription>A workspace holds one brand&apos;s agents, knowledge and team.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate data-testid="create-workspace-form">
          <fieldset disabled={!hydrated} className="min-w-0 space-y-4">
            <FormError>{error}</FormError>
            <FormField label="Workspace name" error={fieldErrors.name}>
              {(p) => <Input {...p} placeholder="Acme Support" value={name} onChange={(e) => setName(e.target.value)} />}
            </FormField>
            <FormField
              label="Address (optional)"
              error={fieldErrors.slug}
              hint={`Used in links: /${slug.trim() || (name.trim() ? slugify(name) : "acme-support")}`}
            >
              {(p) => <Input {...p} placeholder={name.trim() ? slugify(name) : "acme-support"} value={slug} onChange={(e) => setSlug(e.target.value)} />}
            </FormField>
            <div className="flex items-center justify-end gap-2">
              {hasWorkspaces ? (
                <Link href="/" className="text-sm text-zinc-600 hover:underline">
                  Cancel
                </Link>
              ) : null}
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create workspace"}
              </Button>
            </div>
          </fieldset>
        </form>
      </CardContent>
    </Card>
  );
}
