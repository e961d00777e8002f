import type { Metadata } from "next";
import { CalibrationPage } from "@/components/annotation/calibration-page";

export const metadata: Metadata = { title: "Judge calibration" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <CalibrationPage workspace={workspace} />;
}
