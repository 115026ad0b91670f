import type { ReactNode } from "react";
import { requireStaff } from "../_lib/auth/require-staff";

/**
 * The role check for everything under /reports, above any loading boundary, so
 * a refusal is a real 403. The pages and routes check again themselves.
 */
export default async function ReportsLayout({ children }: { children: ReactNode }) {
  await requireStaff("run_reports");
  return children;
}
