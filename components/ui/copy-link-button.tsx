"use client";
import { useEffect, useId, useRef, useState } from "react";
import { pinnedLink } from "@/lib/presentation/share-link";

interface CopyLinkButtonProps {
  /** Written into the link whatever the address bar says: the date (and instant) shown. */
  asOf: string;
  knownAt: string | null;
}

type Copied =
  | { status: "idle" }
  | { status: "copied"; link: string }
  | { status: "manual"; link: string };

/**
 * "Copy link": the page's address as it stands (the page keeps its query in
 * step with what it shows: selected event, filters, periods) with the as-of
 * date pinned, so the note it is pasted in opens on the same figures
 * tomorrow. Where the clipboard is refused, the link is shown selected to
 * copy by hand.
 */
export function CopyLinkButton({ asOf, knownAt }: CopyLinkButtonProps) {
  const [copied, setCopied] = useState<Copied>({ status: "idle" });
  const fieldId = useId();
  const field = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (copied.status === "manual") field.current?.select();
  }, [copied]);

  const copy = async () => {
    const link = pinnedLink(window.location.href, { asOf, knownAt });
    clearTimeout(timer.current);
    try {
      await navigator.clipboard.writeText(link);
      setCopied({ status: "copied", link });
      timer.current = setTimeout(() => setCopied({ status: "idle" }), 6000);
    } catch {
      setCopied({ status: "manual", link });
    }
  };

  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()} data-testid="copy-link">
        Copy link
      </button>
      <span role="status" className="muted small" data-testid="copy-link-status">
        {copied.status === "copied"
          ? `Link copied, as of ${asOf}${knownAt ? `, as known at ${knownAt}` : ""}.`
          : ""}
      </span>
      {copied.status === "manual" ? (
        <span className="copy-link-manual">
          <label htmlFor={fieldId}>The clipboard is not available here: copy the link</label>
          <input id={fieldId} ref={field} type="text" readOnly value={copied.link} />
        </span>
      ) : null}
    </span>
  );
}
