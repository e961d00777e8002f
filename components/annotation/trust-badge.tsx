import { ShieldAlert, ShieldCheck } from "lucide-react";
import { type CriterionTrust, distrustReason, formatKappa } from "./use-calibration-trust";

/** "Trusted" or "not trusted" beside an AI number, with its kappa and n in the tooltip. */
export function TrustBadge({ trust, threshold }: { trust: CriterionTrust; threshold: number }) {
  const label = trust.trusted ? `Trusted: ${formatKappa(trust.kappa)} over ${trust.n} conversations scored by both` : `Not trusted: ${distrustReason(trust, threshold)}`;
  return trust.trusted ? (
    <span data-testid="trust-badge" data-trusted="true" title={label} className="inline-flex items-center gap-0.5 rounded-full bg-emerald-50 px-1.5 py-0.5 text-[11px] font-medium text-emerald-800">
      <ShieldCheck aria-hidden className="size-3" />
      trusted
    </span>
  ) : (
    <span data-testid="trust-badge" data-trusted="false" title={label} className="inline-flex items-center gap-0.5 rounded-full bg-amber-50 px-1.5 py-0.5 text-[11px] font-medium text-amber-900">
      <ShieldAlert aria-hidden className="size-3" />
      not trusted
    </span>
  );
}
