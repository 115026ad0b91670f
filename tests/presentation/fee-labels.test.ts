import { describe, expect, it } from "vitest";
import { feeTypeLabel } from "../../lib/presentation/event-labels";
import { summarizeEvent } from "../../lib/presentation/event-summary";
import { explainStep } from "../../lib/presentation/step-explanation";
import { replay } from "../../lib/replay/replay";
import { BASE, ev, history } from "../engine/helpers";

describe("fee types as staff say them", () => {
  it("NSF is an abbreviation: every label keeps it in capitals", () => {
    expect(feeTypeLabel("nsf")).toBe("NSF");
    expect(feeTypeLabel("late")).toBe("Late");
    expect(feeTypeLabel("modification")).toBe("Modification");
    expect(feeTypeLabel("other")).toBe("Other");
    expect(feeTypeLabel("returned_check")).toBe("Returned check");
  });

  it("the timeline summary and the step-through explanation say NSF fee, never Nsf fee", () => {
    const events = history(
      ...BASE,
      ev.fee("2025-01-20", { amount: "25.00", feeType: "nsf", relatedSequence: 2 }),
    );
    const fee = events.at(-1);
    if (!fee) throw new Error("no fee");
    const summary = summarizeEvent(fee);
    expect(summary).toBe("NSF fee of $25.00 assessed for returned payment #2");
    const step = replay(events, "2025-12-31", { steps: true }).steps.at(-1);
    if (!step) throw new Error("no step");
    const explanation = explainStep(step);
    expect(explanation).toContain("NSF fee");
    expect(`${summary} ${explanation}`).not.toMatch(/Nsf/);
  });
});
