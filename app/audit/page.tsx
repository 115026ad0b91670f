import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AuditLog } from "@/components/audit/audit-log";
import { ChainPanel } from "@/components/audit/chain-panel";
import { getDb } from "@/db";
import { listRecorders } from "@/db/event-store/audit-log";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "../_lib/auth/require-staff";
import { loadAuditPage } from "./_server/audit-page";
import { parseAuditQuery, type SearchParams } from "./_server/query";
import { verifyChainsAction } from "./actions";

export const metadata: Metadata = { title: "Audit log" };

/** Every event across the book: filters and the page cursor live in the URL. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await connection();
  const staff = await requireStaff("view_audit");
  const parsed = parseAuditQuery(await searchParams);
  const db = await getDb();
  return (
    <>
      <h1>Audit log</h1>
      {parsed.ok ? (
        <>
          {/* Verification first: whether the chains hold is the answer an auditor looks for
              before reading rows. */}
          {can(staff.role, "verify_chains") ? (
            <ChainPanel loanNumber={parsed.query.filter.loanNumber} verify={verifyChainsAction} />
          ) : null}
          <AuditLog
            query={parsed.query}
            page={await loadAuditPage(db, parsed.query)}
            recorders={await listRecorders(db)}
          />
        </>
      ) : (
        <div className="panel error" role="alert">
          <h2>These filters cannot be used</h2>
          <ul>
            {parsed.errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
          <p>
            <Link href="/audit">Clear the filters</Link> or correct the link.
          </p>
        </div>
      )}
    </>
  );
}
