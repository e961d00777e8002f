/** `/sign-in` or `/sign-up`, keeping where the user was going (e.g. an invite link). */
export function authHref(page: "/sign-in" | "/sign-up", callbackUrl: string): string {
  return callbackUrl === "/" ? page : `${page}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
