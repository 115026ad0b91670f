import type { StoredEvent } from "@/db/queries/events";

export function RawEventTable({ events }: { events: StoredEvent[] }) {
  return (
    <table aria-label="Events">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Type</th>
          <th>Effective</th>
          <th>Recorded</th>
          <th>By</th>
          <th>Payload</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td className="num">{event.sequenceNumber}</td>
            <td>{event.eventType}</td>
            <td>{event.effectiveDate}</td>
            <td>{event.recordedAt}</td>
            <td>{event.recordedBy}</td>
            <td>
              <pre>{JSON.stringify(event.eventData)}</pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
