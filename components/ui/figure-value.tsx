import { formatRate, formatStatus } from "@/lib/presentation/format";
import type { FigureFormat } from "@/lib/presentation/standing-figures";
import { Money } from "./money";

/** A snapshot figure shown by its kind (money to the cent with the exact value on hover, rates in %). */
export function FigureValue({
  value,
  format,
}: {
  value: string | number | null;
  format: FigureFormat;
}) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  switch (format) {
    case "money":
      return <Money value={String(value)} />;
    case "rate":
      return <span>{formatRate(String(value))}</span>;
    case "status":
      return <span>{formatStatus(String(value))}</span>;
    default:
      return <span>{String(value)}</span>;
  }
}
