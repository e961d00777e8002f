"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { signInErrorMessage } from "@/lib/sign-in-errors";
import { useHydrated } from "@/lib/use-hydrated";
import { authHref } from "./auth-link";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const hydrated = useHydrated();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError("Enter your email and password");
      return;
    }
    setPending(true);
    try {
      const result = await signIn("credentials", { email: email.trim(), password, redirect: false });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.code));
        setPending(false);
        return;
      }
      // A full navigation so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("Could not reach the server. Try again.");
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Sign in</CardTitle>
        <CardDescription>Welcome back to your agent studio.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} noValidate data-testid="sign-in-form">
          <fieldset disabled={!hydrated} className="min-w-0 space-y-4">
            <FormError>{error}</FormError>
            <FormField label="Email">
              {(p) => <Input {...p} type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
            </FormField>
            <FormField label="Password">
              {(p) => (
                <Input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              )}
            </FormField>
            <Button type="submit" className="w-full" disabled={pending}>
              {pending ? "Signing in…" : "Sign in"}
            </Button>
          </fieldset>
        </form>
        <p className="mt-4 text-center text-sm text-zinc-500">
          New to Switchback?{" "}
          <Link href={authHref("/sign-up", callbackUrl)} className="font-medium text-brand-700 hover:underline">
            Create an account
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
