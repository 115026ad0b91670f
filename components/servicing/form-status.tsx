"use client";
import { useRouter } from "next/navigation";
import type { Recorded } from "@/app/loans/[loanNumber]/_server/record";
import type { FormState } from "./use-servicing-form";

/** After a submission: what was recorded, or what went wrong (with "Reload" on a conflict). */
export function FormStatus({
  state,
  pending,
  pendingLabel = "Recording…",
}: {
  state: FormState<Recorded>;
  pending: boolean;
  pendingLabel?: string;
}) {
  const router = useRouter();
  if (pending) {
    return (
      <p className="form-status" role="status">
        <span className="spinner" aria-hidden="true" /> {pendingLabel}
      </p>
    );
  }
  if (!state) return null;
  if (state.ok) {
    return (
      <p className="form-status success" role="status">
        {state.data.message}
      </p>
    );
  }
  return (
    <div className="form-status failure" role="alert">
      <p>{state.error}</p>
      {state.conflict ? (
        <p>
          Your entries are kept.{" "}
          <button type="button" onClick={() => router.refresh()}>
            Reload
          </button>{" "}
          to see the latest events, then submit again.
        </p>
      ) : null}
    </div>
  );
}
