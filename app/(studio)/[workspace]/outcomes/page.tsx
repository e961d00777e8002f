import { Suspense } from "react";
import { OutcomeReport } from "@/components/insights/outcome-report";

export default async function OutcomesPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return (
    <Suspense>
      <OutcomeReport workspace={workspace} />
    </Suspense>
  );
}
