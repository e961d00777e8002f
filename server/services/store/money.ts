/** Rounds an amount to cents. Sums of prices in binary floating point drift (0.1 + 0.2); money must not. */
export function roundCents(amount: number): number {
  // toFixed rounds the exact binary value, so 2.675 (really 2.67499…) gives 2.67, as a ledger would.
  const rounded = Number(amount.toFixed(2));
  return Object.is(rounded, -0) ? 0 : rounded;
}
