import type { Metadata } from "next";
import { CustomersPage } from "@/components/customers/customers-page";

export const metadata: Metadata = { title: "Customers" };

export default async function Page({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  return <CustomersPage workspace={workspace} />;
}
