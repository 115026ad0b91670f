import { redirect } from "next/navigation";

/** /reports: the portfolio report is the only report so far. */
export default function ReportsIndex() {
  redirect("/reports/portfolio");
}
