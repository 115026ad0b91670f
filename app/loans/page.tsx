import type { Metadata } from "next";
import { connection } from "next/server";
import { LoanList } from "@/components/loans/loan-list";
import { getDb } from "@/db";
import { listLoans } from "@/db/queries/loans";

export const metadata: Metadata = { title: "Loans" };

export default async function LoansPage() {
  await connection();
  const loans = await listLoans(await getDb());
  return (
    <>
      <h1>Loans</h1>
      <LoanList loans={loans} />
    </>
  );
}
