import type { ReactNode } from "react";

export type SortDirection = false | "asc" | "desc";

function SortIcon({ direction }: { direction: SortDirection }) {
  return (
    <span className="sort-icon" aria-hidden="true">
      {direction === "asc" ? "▲" : direction === "desc" ? "▼" : "↕"}
    </span>
  );
}

/** A column header that sorts when clicked, announcing its order with aria-sort. */
export function SortableTh(props: {
  sorted: SortDirection;
  numeric?: boolean;
  onToggle?: (event: unknown) => void;
  children: ReactNode;
}) {
  const { sorted } = props;
  return (
    <th
      scope="col"
      className={props.numeric ? "num" : undefined}
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
    >
      <button type="button" className="sort-button" onClick={props.onToggle}>
        {props.children}
        <SortIcon direction={sorted} />
      </button>
    </th>
  );
}
