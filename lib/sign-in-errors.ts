// The sign-in error codes Auth.js passes from the server (CredentialsSignin.code) to the sign-in form.

const throttledPrefix = "throttled-";

/** The code of a throttled attempt carries the seconds to wait, so the form can say when to try again. */
export const throttledCode = (retryAfterSeconds: number) => `${throttledPrefix}${Math.max(1, Math.ceil(retryAfterSeconds))}`;

export function signInErrorMessage(code: string | undefined): string {
  if (code?.startsWith(throttledPrefix)) {
    const minutes = Math.ceil(Number(code.slice(throttledPrefix.length)) / 60);
    const wait = Number.isFinite(minutes) && minutes > 1 ? `${minutes} minutes` : "a minute";
    return `Too many sign-in attempts: try again in ${wait}`;
  }
  return "Wrong email or password";
}
