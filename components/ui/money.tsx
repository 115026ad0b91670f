import { formatCurrency, formatExactCurrency, hasSubCent } from "@/lib/presentation/format";

/** A money figure to the cent; the exact value (which may carry fractions of a cent) on hover and in data-exact. */
export function Money({
  value,
  className,
}: {
  value: string | null | undefined;
  className?: string;
}) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  const exact = formatExactCurrency(value);
  return (
    <span
      className={`money${className ? ` ${className}` : ""}`}
      data-exact={value}
      title={hasSubCent(value) ? `Exact: ${exact}` : undefined}
    >
      {formatCurrency(value)}
    </span>
  );
}
