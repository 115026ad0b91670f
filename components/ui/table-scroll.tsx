"use client";
import { type ReactNode, useEffect, useRef, useState } from "react";

/**
 * A wide table scrolls sideways inside its own box instead of the page (a
 * 390 px phone). Only while it actually overflows is the box a named,
 * focusable region, so the keyboard can scroll it too (axe
 * scrollable-region-focusable) without adding a tab stop where nothing scrolls.
 */
export function TableScroll({
  label,
  className,
  children,
}: {
  label: string;
  /** A module's own box styles (border, margin) beside the shared .table-scroll. */
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);

  const region = overflows
    ? { role: "region", "aria-label": `${label} (scrolls sideways)`, tabIndex: 0 }
    : {};
  return (
    <div ref={ref} className={className ? `table-scroll ${className}` : "table-scroll"} {...region}>
      {children}
    </div>
  );
}
