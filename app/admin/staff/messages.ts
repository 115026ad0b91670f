/**
 * What the staff page says after each change (pure): people and roles as the
 * page names them ("Support agent", not the role id "agent"), and a failure's
 * messages each said once.
 */
import type { ActionResult, FieldErrors } from "@/app/_lib/action-result";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";

interface Member {
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
}

export function addedMessage(member: Member): string {
  return `Added ${member.name} (${member.email}) as ${ROLE_LABELS[member.role]}.`;
}

export function roleSetMessage(member: Member): string {
  return `${member.name} is now ${ROLE_LABELS[member.role]}.`;
}

export function accessMessage(member: Member): string {
  return member.disabled
    ? `${member.name} is disabled and signed out everywhere.`
    : `${member.name} can sign in again.`;
}

export interface FailureView {
  /** The line for the form's alert. */
  summary: string;
  /** Messages to show next to their fields (field name -> message). */
  fields: FieldErrors;
  /** Messages about no field the form shows, listed under the summary. */
  others: string[];
}

/**
 * A failed submission as the form shows it: each message once. A message
 * that belongs to a field the form shows goes next to it, and the summary
 * then points there rather than repeating it.
 */
export function failureView(
  result: Extract<ActionResult<unknown>, { ok: false }>,
  shownFields: readonly string[],
): FailureView {
  const fields: FieldErrors = {};
  const others: string[] = [];
  for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
    if (!message) continue;
    if (shownFields.includes(field)) fields[field] = message;
    else if (message !== result.error && !others.includes(message)) others.push(message);
  }
  const beside = Object.values(fields);
  const summary = beside.includes(result.error)
    ? beside.length === 1
      ? "Please correct the highlighted field."
      : "Please correct the highlighted fields."
    : result.error;
  return { summary, fields, others };
}
