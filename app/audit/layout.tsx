import type { ReactNode } from "react";
import { requireStaff } from "../_lib/auth/require-staff";

/**
 * The role check for everything under /audit, above the page's loading
 * boundary: a refusal is a real 403 (once the page streams, the status is sent).
 * The page and its routes check again themselves.
 */
export default async function AuditLayout({ children }: { children: ReactNode }) {
  await requireStaff("view_audit");
  return children;
}
