"use server";
/**
 * The portfolio report's server action: compute the report on screen and file
 * it as the signed-in person, then open the filed copy. Needs run_reports;
 * validated like every action (validatedAction). The redirect happens outside
 * the wrapper so it is not taken for a failure.
 */
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import type { ActionResult } from "../../_lib/action-result";
import { registerAction, validatedAction } from "../../_lib/validated-action";
import { savedReportHref } from "../_lib/report-url";
import { saveReportSchema } from "../_server/params";
import { saveReportWork } from "../_server/save-report";

const save = validatedAction(
  saveReportSchema,
  async (input, staff) => saveReportWork(await getDb(), input, staff.actor),
  { permission: "run_reports" },
);

/** For useActionState (previous state, form); also callable with the form alone. */
export const saveReportAction = registerAction(
  async (
    previous: ActionResult<{ id: number }> | FormData | null,
    form?: FormData,
  ): Promise<ActionResult<{ id: number }>> => {
    const input = form ?? previous;
    const result = await save(input instanceof FormData ? input : new FormData());
    if (result.ok) redirect(savedReportHref(result.data.id));
    return result;
  },
  { permission: "run_reports" },
);
