import { describe, expect, it } from "vitest";
import { CHECK_FIELDS } from "@/app/_lib/validated-action";
import {
  accessMessage,
  addedMessage,
  failureView,
  roleSetMessage,
} from "@/app/admin/staff/messages";

const pat = { name: "Pat Lee", email: "pat@example.com", role: "agent" as const, disabled: false };

describe("staff page messages", () => {
  it("name roles as the page's dropdowns do, never by their ids", () => {
    expect(addedMessage(pat)).toBe("Added Pat Lee (pat@example.com) as Support agent.");
    expect(roleSetMessage({ ...pat, role: "reviewer" })).toBe("Pat Lee is now Dispute reviewer.");
    expect(roleSetMessage({ ...pat, role: "admin" })).toBe("Pat Lee is now Administrator.");
    expect(accessMessage({ ...pat, disabled: true })).toBe(
      "Pat Lee is disabled and signed out everywhere.",
    );
    expect(accessMessage(pat)).toBe("Pat Lee can sign in again.");
  });

  it("say a failure that concerns a shown field once, next to the field", () => {
    const duplicate = "There is already a staff account for pat@example.com.";
    const view = failureView({ ok: false, error: duplicate, fieldErrors: { email: duplicate } }, [
      "name",
      "email",
    ]);
    expect(view.fields).toEqual({ email: duplicate });
    expect(view.summary).toBe("Please correct the highlighted field.");
    expect(view.others).toEqual([]);
    const all = [view.summary, ...view.others, ...Object.values(view.fields)];
    expect(all.filter((m) => m === duplicate)).toHaveLength(1);
  });

  it("keep validation messages beside their fields and the summary as it is", () => {
    const view = failureView(
      {
        ok: false,
        error: CHECK_FIELDS,
        fieldErrors: { password: "Too short.", email: "Enter an email address." },
      },
      ["name", "email", "password"],
    );
    expect(view.summary).toBe(CHECK_FIELDS);
    expect(view.fields).toEqual({ password: "Too short.", email: "Enter an email address." });
    expect(view.others).toEqual([]);
  });

  it("list messages for fields the form does not show under the summary, without repeats", () => {
    const view = failureView(
      {
        ok: false,
        error: "You cannot change or disable your own account; ask another administrator.",
        fieldErrors: { id: "No staff account given.", form: "No staff account given." },
      },
      [],
    );
    expect(view.summary).toBe(
      "You cannot change or disable your own account; ask another administrator.",
    );
    expect(view.others).toEqual(["No staff account given."]);
    expect(view.fields).toEqual({});
  });
});
