"use client";

import { CopyField } from "@/components/api-keys/copy-field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

const hmacSnippet = (workspaceId: string) => `// Your server, for a signed-in shopper (Node 18+). IDENTITY_SECRET: Settings › Identity & memory.
import { createHmac, randomUUID } from "node:crypto";

export function switchbackIdentityToken(user) {
  const claims = {
    workspace: "${workspaceId}",
    id: user.id,                       // the id your own APIs (the agent's lookups) use
    attributes: { plan: user.plan },   // optional, flat, ≤ 4 KB
    exp: Math.floor(Date.now() / 1000) + 300, // ≤ 24 h; minutes is right
    nonce: randomUUID(),               // new for every token
  };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const signature = createHmac("sha256", process.env.IDENTITY_SECRET).update("sb1." + payload).digest("base64url");
  return "sb1." + payload + "." + signature;
}`;

const jwtSnippet = (workspaceId: string) => `// Or a JWT (HS256) with any JWT library, e.g. jose:
import { SignJWT } from "jose";
import { randomUUID } from "node:crypto";

export function switchbackIdentityJwt(user) {
  return new SignJWT({ attributes: { plan: user.plan } })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience("${workspaceId}")
    .setSubject(user.id)
    .setExpirationTime("5m")
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(process.env.IDENTITY_SECRET));
}`;

/** On the Widget page: how a brand's server tells the widget who is signed in. */
export function IdentityDocs({ workspace, workspaceId, publicKey, studioOrigin }: { workspace: string; workspaceId: string; publicKey: string; studioOrigin: string }) {
  const embed = `<script src="${studioOrigin}/widget.js" data-key="${publicKey}" data-identity-token="<%= switchbackIdentityToken(currentUser) %>" async></script>`;
  return (
    <Card data-testid="identity-docs">
      <CardHeader>
        <CardTitle>Signed-in customers</CardTitle>
        <CardDescription>
          Pass a token your server signs for the signed-in shopper and the agent starts verified as that customer, exactly as if its verifying lookup had found them: no
          &quot;what is your email?&quot;, and the policies allow their own orders. The token&apos;s <code>id</code> is your user id — the one the agent&apos;s tools look customers up
          by. Sign a fresh token for every page view (each nonce works once; expired, replayed, changed or other workspaces&apos; tokens are refused with a 401 and the visitor
          chats unverified). Generate the secret under <a className="text-brand-700 hover:underline" href={`/${workspace}/settings/identity`}>Settings › Identity &amp; memory</a>.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <CopyField value={hmacSnippet(workspaceId)} label="Server: sign an sb1 token (HMAC-SHA256)" multiline />
        <CopyField value={jwtSnippet(workspaceId)} label="Server: or sign a JWT" multiline />
        <CopyField value={embed} label="Page: the embed with the token" />
        <p className="text-sm text-zinc-600">
          Signing in after the page loaded? Call <code>window.Switchback.identify(token)</code>: the next conversation starts as that customer. From your server, the hosted API
          takes the same customer as <code>customer: {"{ id, attributes, verified: true }"}</code> with an API key.
        </p>
      </CardContent>
    </Card>
  );
}
