/**
 * A preview of an append (DOMAIN.md "Corrections": "every changed figure and
 * every event that would be appended shown before posting"): the events as
 * they would be numbered, grouped, and the figures that change today and on
 * each date the restatement touches, before -> after. Pure: the same
 * computation as posting, nothing written.
 */
import type { LoanEvent } from "../events/types";
import { diffSnapshots, type FieldChange } from "../replay/replay";
import { toStanding } from "../replay/state";
import type { RestatementSummary } from "./restatement";
import { stateAt, type WriteModel } from "./write-model";

export interface PreviewedEvent {
  sequenceNumber: number;
  eventType: string;
  effectiveDate: string;
  eventData: unknown;
  /** What the event is for: the command itself, or a part of its restatement. */
  role: "correction" | "catch_up" | "reversal" | "accrual_adjustment" | "reapplied" | "restated";
}

interface FiguresOnDate {
  date: string;
  /** "today" for the business date, "affected" for a date the correction touches. */
  kind: "today" | "affected";
  changes: FieldChange[];
}

export interface AppendPreview {
  /** The last sequence number the preview was computed from: post with it as expectedSequence. */
  lastSequence: number;
  events: PreviewedEvent[];
  restatement: RestatementSummary | null;
  figures: FiguresOnDate[];
}

/** Changed figures on the business date and on each date the appended events touch. */
export function previewAppend(
  model: WriteModel,
  appended: readonly LoanEvent[],
  restatement: RestatementSummary | null,
  today: string,
): AppendPreview {
  const dates = affectedDates(appended, restatement);
  const figures: FiguresOnDate[] = [];
  for (const date of dates) {
    if (date >= today) continue;
    figures.push({ date, kind: "affected", changes: changesOn(model, appended, date) });
  }
  figures.push({ date: today, kind: "today", changes: changesOn(model, appended, today) });
  return {
    lastSequence: model.current.lastSequence,
    events: appended.map((e) => ({
      sequenceNumber: e.sequenceNumber,
      eventType: e.eventType,
      effectiveDate: e.effectiveDate,
      eventData: e.eventData,
      role: roleOf(e, restatement),
    })),
    restatement,
    figures,
  };
}

function changesOn(model: WriteModel, appended: readonly LoanEvent[], date: string): FieldChange[] {
  const before = toStanding(stateAt(model, date));
  const after = toStanding(stateAt(model, date, appended));
  return diffSnapshots(before, after).filter(
    (c) => c.field !== "lastSequence" && c.field !== "eventsApplied",
  );
}

/** The correction's date, each re-applied payment's and the restated charge-off's (sorted, distinct). */
function affectedDates(
  appended: readonly LoanEvent[],
  restatement: RestatementSummary | null,
): string[] {
  const dates = new Set<string>();
  for (const e of appended) {
    if (e.eventType === "interest_accrual") continue;
    if (restatement === null && e.eventType !== "payment") continue;
    dates.add(e.effectiveDate);
  }
  return [...dates].sort();
}

function roleOf(e: LoanEvent, restatement: RestatementSummary | null): PreviewedEvent["role"] {
  const data = e.eventData as { adjusts?: unknown; reapplies?: unknown; replaces?: unknown };
  if (e.eventType === "interest_accrual") {
    return data.adjusts !== undefined ? "accrual_adjustment" : "catch_up";
  }
  if (restatement === null || e.sequenceNumber >= restatement.cause) {
    if (data.reapplies !== undefined) return "reapplied";
    if (data.replaces !== undefined) return "restated";
    return "correction";
  }
  return e.eventType === "reversal" ? "reversal" : "correction";
}
