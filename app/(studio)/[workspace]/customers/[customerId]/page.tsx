import type { Metadata } from "next";
import { CustomerPage } from "@/components/customers/customer-page";
import { CustomerPrivacyActions } from "@/components/privacy/forget-customer";

export const metadata: Metadata = { title: "Customer" };

export default async function Page({ params }: { params: Promise<{ workspace: string; customerId: string }> }) {
  const { workspace, customerId } = await params;
  return <CustomerPage workspace={workspace} customerId={customerId} actions={<CustomerPrivacyActions workspace={workspace} customerId={customerId} />} />;
}
