import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { getCurrentStaff } from "./_lib/auth/current-staff";
import { signOutAction } from "./sign-in/actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "loan-replay", template: "%s · loan-replay" },
  description: "Event-sourced loan servicing: every loan as it stood on any date, and why.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const staff = await getCurrentStaff();
  return (
    <html lang="en">
      <body>
        {/* The first stop for the keyboard on every page, sign-in included. */}
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <Link href="/loans" className="brand">
            loan-replay
          </Link>
          {staff ? (
            <>
              <nav aria-label="Main">
                <Link href="/loans">Loans</Link>
                {can(staff.role, "view_audit") ? <Link href="/audit">Audit</Link> : null}
                {can(staff.role, "run_reports") ? <Link href="/reports">Reports</Link> : null}
                {can(staff.role, "manage_staff") ? <Link href="/admin/staff">Staff</Link> : null}
              </nav>
              <form action={signOutAction} className="signed-in">
                <span data-testid="signed-in-as" title={staff.email}>
                  {staff.name} · {ROLE_LABELS[staff.role]}
                </span>{" "}
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : null}
        </header>
        {/* tabIndex -1: the skip link moves focus here, not only the scroll position. */}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
