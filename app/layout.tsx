import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "loan-replay", template: "%s · loan-replay" },
  description: "Event-sourced loan servicing: every loan as it stood on any date, and why.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="app-header">
          <Link href="/loans" className="brand">
            loan-replay
          </Link>
          <nav>
            <Link href="/loans">Loans</Link>
            <Link href="/audit">Audit</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
