"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

export interface CriterionTrust {
  id: string;
  name: string;
  n: number;
  kappa: number | null;
  trusted: boolean;
}

/** Each AI-scored criterion's calibration against people (κ, n, trusted), for every place an AI score shows. */
export function useCalibrationTrust(workspace: string) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.review.calibrationTrust.queryOptions({ workspace }), staleTime: 60_000 });
  const byId = new Map<string, CriterionTrust>((query.data?.criteria ?? []).map((c) => [c.id, c]));
  return { threshold: query.data?.threshold ?? null, byId, criteria: query.data?.criteria ?? [], loaded: query.isSuccess };
}

export const formatKappa = (kappa: number | null) => (kappa === null ? "κ —" : `κ ${kappa.toFixed(2)}`);

/** Why a criterion's AI scores are not trusted, in one phrase. */
export function distrustReason(c: Pick<CriterionTrust, "n" | "kappa">, threshold: number): string {
  if (c.n === 0) return "no conversation scored by both people and the AI yet";
  if (c.kappa === null) return `κ cannot be computed over ${c.n} (every score the same value)`;
  return `${formatKappa(c.kappa)} over ${c.n}, below ${threshold.toFixed(2)}`;
}
