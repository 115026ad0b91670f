"use client";
import Link, { useLinkStatus } from "next/link";

function Pending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span className="muted small" role="status">
      {" "}
      <span className="spinner" aria-hidden="true" /> Starting the comparison…
    </span>
  ) : null;
}

/**
 * "Compare with now": says at once that it is starting (the page's progress
 * indicator takes over as soon as the server begins re-running the report).
 */
export function CompareLink({ href }: { href: string }) {
  return (
    <Link href={href}>
      Compare with now
      <Pending />
    </Link>
  );
}
