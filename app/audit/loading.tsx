import { Loading } from "@/components/ui/spinner";

export default function AuditLoading() {
  return <Loading label="Loading the audit log…" />;
}
