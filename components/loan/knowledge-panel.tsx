import { FigureValue } from "@/components/ui/figure-value";
import { Money } from "@/components/ui/money";
import { eventTypeLabel } from "@/lib/presentation/event-labels";
import { formatTimestamp } from "@/lib/presentation/format";
import type { KnowledgeComparison } from "@/lib/presentation/knowledge";
import { ALL_FIGURES } from "@/lib/presentation/standing-figures";

const BY_FIELD = new Map(ALL_FIGURES.map((f) => [f.field, f]));

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Then versus now: which figures changed since the "known at" instant, and the events that explain it. */
export function KnowledgePanel({
  knowledge,
  asOf,
}: {
  knowledge: KnowledgeComparison;
  asOf: string;
}) {
  const when = formatTimestamp(knowledge.knownAt);
  if (!knowledge.differs) {
    return (
      <section className="panel knowledge same" aria-label="As known at">
        <p>
          As known at {when}, the figures for {asOf} were the same as they are known today.
        </p>
      </section>
    );
  }
  return (
    <section className="panel knowledge differs" aria-labelledby="knowledge-heading">
      <h2 id="knowledge-heading">
        The figures for {asOf} have changed since {when}
      </h2>
      <table aria-label="Known then and now">
        <thead>
          <tr>
            <th>Figure</th>
            <th className="num">Known then</th>
            <th className="num">Known now</th>
            {knowledge.changedBy ? <th>Changed by</th> : null}
          </tr>
        </thead>
        <tbody>
          {knowledge.changes.map((c) => {
            const figure = BY_FIELD.get(c.field);
            const format = figure?.format ?? "text";
            return (
              <tr key={c.field}>
                <td>{figure?.label ?? c.field}</td>
                <td className="num">
                  <FigureValue value={c.before} format={format} />
                </td>
                <td className="num">
                  <FigureValue value={c.after} format={format} />
                </td>
                {knowledge.changedBy ? (
                  <td data-testid={`changed-by-${c.field}`}>
                    {(knowledge.changedBy[c.field] ?? []).map(capitalise).join("; ")}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {knowledge.corrections && knowledge.corrections.length > 0 ? (
        <p data-testid="knowledge-corrections">
          Corrected since then by{" "}
          {knowledge.corrections
            .map((c) => `${c.causeLabel} (recorded ${formatTimestamp(c.recordedAt)})`)
            .join("; ")}
          : the events it restated are listed below.
        </p>
      ) : null}
      <h3>Explained by events recorded after {when}</h3>
      <ul className="late-events" aria-label="Events recorded later">
        {knowledge.lateEvents.map((e) => (
          <li key={e.sequenceNumber}>
            <strong>
              #{e.sequenceNumber} {eventTypeLabel(e.eventType)}
            </strong>{" "}
            <span className="badge backdated">Backdated</span>
            {e.restatement ? (
              <span className="badge">
                {e.restatement.cause === e.sequenceNumber
                  ? "Correction"
                  : `Restated by ${e.restatement.causeLabel}`}
              </span>
            ) : null}{" "}
            effective {e.effectiveDate}, recorded {formatTimestamp(e.recordedAt)}: {e.summary}
          </li>
        ))}
        {knowledge.moreLateEvents ? (
          <li>
            …and {knowledge.moreLateEvents} more event
            {knowledge.moreLateEvents === 1 ? "" : "s"} recorded later.
          </li>
        ) : null}
        {knowledge.lateAccruals ? (
          <li>
            <strong>{knowledge.lateAccruals.count} interest accruals</strong> for{" "}
            {knowledge.lateAccruals.fromDate} – {knowledge.lateAccruals.toDate} (
            <Money value={knowledge.lateAccruals.total} />) recorded later.
          </li>
        ) : null}
      </ul>
    </section>
  );
}
