"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage, type FieldErrors, serverFieldErrors, zodFieldErrors } from "@/lib/form-errors";
import { signUpInput } from "@/lib/schemas/account";
import { useTRPC } from "@/lib/trpc/client";
import { useHydrated } from "@/lib/use-hydrated";
import { authHref } from "./auth-link";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);

  const set = (field: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const parsed = signUpInput.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(zodFieldErrors(parsed.error));
      return;
    }
    setFieldErrors({});
    try {
      await signUp.mutateAsync(parsed.data);
    } catch (err) {
      const perField = serverFieldErrors(err);
      setFieldErrors(perField);
      if (Object.values(perField).every((m) => !m)) setError(errorMessage(err));
      return;
    }
    setSigningIn(true);
    const result = await signIn("credentials", { email: parsed.data.email, password: values.password, redirect: false });
    if (!result || result.error) {
      setSigningIn(false);
      setError("Your account was created, but signing in failed. Sign in to continue.");
      return;
    }
    window.location.assign(callbackUrl);
  }

  const pending = signUp.isPending || signingIn;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Create your account</CardTitle>
        <CardDescription>Build, test and ship your brand&apos;s customer-service agent.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate data-testid="sign-up-form">
          <fieldset disabled={!hydrated} className="min-w-0 space-y-4">
            <FormError>{error}</FormError>
            <FormField label="Name" error={fieldErrors.name}>
              {(p) => <Input {...p} autoComplete="name" value={values.name} onChange={set("name")} />}
            </FormField>
            <FormField label="Email" error={fieldErrors.email}>
              {(p) => <Input {...p} type="email" autoComplete="email" value={values.email} onChange={set("email")} />}
            </FormField>
            <FormField label="Password" error={fieldErrors.password} hint="At least 10 characters.">
              {(p) => <Input {...p} type="password" autoComplete="new-password" value={values.password} onChange={set("password")} />}
            </FormField>
            <Button type="submit" className="w-full" disabled={pending}>
              {pending ? "Creating account…" : "Create account"}
            </Button>
          </fieldset>
        </form>
        <p className="mt-4 text-center text-sm text-zinc-500">
          Already have an account?{" "}
          <Link href={authHref("/sign-in", callbackUrl)} className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
