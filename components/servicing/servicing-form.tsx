"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import type { Recorded } from "@/app/loans/[loanNumber]/_server/record";
import type { AppendReview } from "@/lib/presentation/append-review";
import { FormStatus } from "./form-status";
import { WriteContextFields } from "./hidden-fields";
import { ReviewPanel } from "./review-panel";
import type { FormAction, FormState } from "./use-servicing-form";

export interface ServicingFormProps {
  loanNumber: string;
  expectedSequence: number;
  /** The business date: the default and the latest effective date. */
  today: string;
  action: FormAction<Recorded>;
  /** The same command previewed: what posting would append and change (nothing written). */
  preview: FormAction<AppendReview>;
}

interface ServicingFormShellProps extends Omit<ServicingFormProps, "today"> {
  title: string;
  submitLabel: string;
  children(state: FormState<unknown>): ReactNode;
}

const REVIEW_CONFLICT = "The loan changed since you reviewed; review again.";

type Pending = "preview" | "post" | null;

/**
 * A servicing form in two steps. Submitting it previews the command (every
 * check, nothing written) and shows the Review panel in place of the fields:
 * the events that would be appended and the figures that change. "Post"
 * records it with the sequence the preview saw, so a change in between is a
 * conflict ("review again"), never a surprise; "Back to edit" returns to the
 * fields as they were typed.
 */
export function ServicingForm(props: ServicingFormShellProps) {
  const { title, submitLabel, loanNumber, expectedSequence, action, preview, children } = props;
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [reviewing, setReviewing] = useState<{ review: AppendReview; form: FormData } | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [, startTransition] = useTransition();

  const runPreview = (form: FormData) => {
    setPending("preview");
    startTransition(async () => {
      const outcome = await preview(form);
      setPending(null);
      setConflict(null);
      if (outcome.ok) {
        setResult(null);
        setReviewing({ review: outcome.data, form });
      } else {
        setReviewing(null);
        setResult(outcome);
      }
    });
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    runPreview(new FormData(e.currentTarget));
  };

  const post = () => {
    if (!reviewing || pending) return;
    const form = new FormData();
    for (const [key, value] of reviewing.form.entries()) form.append(key, value);
    form.set("expectedSequence", String(reviewing.review.lastSequence));
    setPending("post");
    startTransition(async () => {
      const outcome = await action(form);
      setPending(null);
      if (outcome.ok) {
        setReviewing(null);
        setConflict(null);
        setResult(outcome);
        formRef.current?.reset();
        return;
      }
      if (outcome.conflict) {
        setConflict(REVIEW_CONFLICT);
        router.refresh();
        return;
      }
      // Refused when posting (a rule the preview could not know): back to the fields.
      setReviewing(null);
      setResult(outcome);
    });
  };

  const back = () => {
    setReviewing(null);
    setConflict(null);
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>("input:not([type=hidden]), select")?.focus();
    });
  };

  const state = result as FormState<unknown>;
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      aria-label={title}
      className="servicing-form"
      noValidate
    >
      <WriteContextFields loanNumber={loanNumber} expectedSequence={expectedSequence} />
      <div hidden={reviewing !== null}>
        <div className="form-grid">{children(state)}</div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={pending !== null}>
            {pending === "preview" ? "Reviewing…" : `Review: ${submitLabel}`}
          </button>
        </div>
      </div>
      {reviewing ? (
        <ReviewPanel
          title={submitLabel}
          review={reviewing.review}
          pageSequence={expectedSequence}
          pending={pending !== null}
          conflict={conflict}
          onPost={post}
          onBack={back}
          onReviewAgain={() => runPreview(reviewing.form)}
        />
      ) : null}
      <FormStatus
        state={state as FormState<Recorded>}
        pending={pending !== null && !reviewing}
        pendingLabel={pending === "post" ? "Recording…" : "Reviewing…"}
      />
    </form>
  );
}
