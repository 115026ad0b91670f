"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { type AuditQuery, auditExportHref, auditSearch } from "@/app/audit/_lib/audit-url";
import type { AuditPageView } from "@/app/audit/_server/audit-page";
import styles from "./audit.module.css";
import { AuditFilters } from "./audit-filters";
import { AuditPager } from "./audit-pager";
import { AuditTable } from "./audit-table";

interface AuditLogProps {
  query: AuditQuery;
  page: AuditPageView;
  recorders: readonly string[];
}

/** The audit log: every control writes the URL; the server filters and pages. */
export function AuditLog({ query, page, recorders }: AuditLogProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (search: string) => startTransition(() => router.push(`/audit${search}`));

  return (
    <>
      <AuditFilters
        key={auditSearch(query)}
        query={query}
        recorders={recorders}
        pending={pending}
        onApply={(next) => go(auditSearch(next))}
        onReset={() => go("")}
      />
      <div className={styles.summary}>
        <p role="status" aria-live="polite">
          {pending ? (
            <>
              <span className="spinner" aria-hidden="true" /> Loading events…
            </>
          ) : page.totalIsCapped ? (
            "More than 100,000 events match"
          ) : (
            `${page.total.toLocaleString("en-US")} ${page.total === 1 ? "event matches" : "events match"}`
          )}
        </p>
        <a href={auditExportHref(query)} download>
          Export CSV
        </a>
      </div>
      <AuditTable rows={page.rows} pending={pending} />
      <AuditPager
        page={page}
        pending={pending}
        onFirst={() => go(auditSearch(query))}
        onPrevious={(before) => go(auditSearch(query, { before }))}
        onNext={(after) => go(auditSearch(query, { after }))}
      />
    </>
  );
}
