import { TableScroll } from "@/components/ui/table-scroll";
import type { RowChange } from "@/db/queries/row-history";

const TABLE_LABEL: Record<string, string> = { loans: "Loan", borrowers: "Borrower" };
const HIDDEN_FIELDS = new Set(["id", "created_at"]);

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * "Show me all changes to this loan": the row-level history of the loan and
 * its borrower (who changed which field, when), beside the financial events.
 */
export function RecordChanges({ changes }: { changes: RowChange[] }) {
  return (
    <section className="panel" aria-labelledby="record-changes-heading">
      <h2 id="record-changes-heading">Changes to the loan record</h2>
      <p className="muted">
        Edits to the loan and borrower records, captured by database triggers. Financial events are
        in the timeline above; they are never edited.
      </p>
      {changes.length === 0 ? (
        <p className="muted">No changes recorded.</p>
      ) : (
        <TableScroll label="Record changes">
          <table aria-label="Record changes">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Record</th>
                <th>Change</th>
                <th>By</th>
                <th>Fields</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.id}>
                  <td>{change.changedAt.replace("T", " ").replace(/\.\d+Z$/, "")}</td>
                  <td>{TABLE_LABEL[change.tableName] ?? change.tableName}</td>
                  <td>{change.operation.toLowerCase()}</td>
                  <td>{change.actor}</td>
                  <td>
                    <ul className="plain-list">
                      {change.changes
                        .filter((c) => !HIDDEN_FIELDS.has(c.field))
                        .map((c) => (
                          <li key={c.field}>
                            <code>{c.field}</code>:{" "}
                            {change.operation === "INSERT" ? (
                              show(c.after)
                            ) : (
                              <>
                                {show(c.before)} → {show(c.after)}
                              </>
                            )}
                          </li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
