"use client";
import { type FormEvent, useId, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { failureView } from "@/app/admin/staff/messages";
import { FieldShell } from "@/components/servicing/form-field";
import { TableScroll } from "@/components/ui/table-scroll";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";
import styles from "./staff-admin.module.css";

type Done = { message: string };
type Result = ActionResult<Done>;
type FormAction = (form: FormData) => Promise<Result>;

interface StaffRowView {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabled: boolean;
}

interface StaffAdminProps {
  me: string;
  members: StaffRowView[];
  actions: { create: FormAction; setRole: FormAction; setDisabled: FormAction };
}

/**
 * Runs a server action with a form's data and keeps its answer. The forms
 * submit through this (not the `action` prop) so React does not reset them
 * after every submission: a failed add keeps what was typed, a role change
 * keeps the role chosen. `after` runs with the answer (clear on success,
 * focus the field at fault).
 */
function useStaffAction(action: FormAction) {
  const [state, setState] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (form: FormData, after?: (result: Result) => void) =>
    startTransition(async () => {
      const result = await action(form);
      startTransition(() => {
        setState(result);
        after?.(result);
      });
    });
  return [state, run, pending] as const;
}

function Status({ state, fields = [] }: { state: Result | null; fields?: readonly string[] }) {
  if (!state) return null;
  if (state.ok) {
    return (
      <p className="form-status success" role="status">
        {state.data.message}
      </p>
    );
  }
  const { summary, others } = failureView(state, fields);
  return (
    <p className="form-status failure" role="alert">
      {summary}
      {others.map((m) => (
        <span key={m}>
          <br />
          {m}
        </span>
      ))}
    </p>
  );
}

function roleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}

const ADD_FIELDS = ["name", "email", "password", "role"] as const;

function AddStaffForm({ create }: { create: FormAction }) {
  const [state, run, pending] = useStaffAction(create);
  const errors = state && !state.ok ? failureView(state, ADD_FIELDS).fields : {};

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    run(new FormData(form), (result) => {
      if (result.ok) {
        form.reset();
        return;
      }
      const first = ADD_FIELDS.find((f) => failureView(result, ADD_FIELDS).fields[f]);
      const control = first ? form.elements.namedItem(first) : null;
      if (control instanceof HTMLElement) control.focus();
    });
  };

  return (
    <form aria-label="Add staff" aria-busy={pending} onSubmit={submit}>
      <div className="form-grid">
        <FieldShell label="Name" error={errors.name}>
          {(aria) => <input {...aria} name="name" required maxLength={100} autoComplete="off" />}
        </FieldShell>
        <FieldShell label="Email" error={errors.email}>
          {(aria) => (
            <input
              {...aria}
              name="email"
              type="email"
              required
              maxLength={254}
              autoComplete="off"
            />
          )}
        </FieldShell>
        <FieldShell label="Initial password" error={errors.password}>
          {(aria) => (
            <input
              {...aria}
              name="password"
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              maxLength={128}
            />
          )}
        </FieldShell>
        <FieldShell label="Role" error={errors.role}>
          {(aria) => (
            <select {...aria} name="role" defaultValue="agent">
              {roleOptions()}
            </select>
          )}
        </FieldShell>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add staff member"}
        </button>
      </div>
      <Status state={state} fields={ADD_FIELDS} />
    </form>
  );
}

function RoleForm({
  member,
  self,
  setRole,
}: {
  member: StaffRowView;
  self: boolean;
  setRole: FormAction;
}) {
  const [state, run, pending] = useStaffAction(setRole);
  // The role the dropdown shows: what the person picked, until the server's
  // answer; then the stored role (the new one, or the old one after a refusal).
  const [chosen, setChosen] = useState<Role>(member.role);
  const [stored, setStored] = useState<Role>(member.role);
  if (stored !== member.role) {
    setStored(member.role);
    setChosen(member.role);
  }
  return (
    <form
      aria-label={`Role of ${member.email}`}
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        run(new FormData(e.currentTarget), (result) => {
          if (!result.ok) setChosen(member.role);
        });
      }}
    >
      <input type="hidden" name="id" value={member.id} />
      <select
        name="role"
        value={chosen}
        aria-label={`Role for ${member.email}`}
        onChange={(e) => setChosen(e.target.value as Role)}
      >
        {roleOptions()}
      </select>{" "}
      <button type="submit" disabled={self || pending}>
        Set role
      </button>
      <Status state={state} />
    </form>
  );
}

/** Disabling signs the person out everywhere, so it asks first (a modal dialog); enabling does not. */
function AccessForm({
  member,
  self,
  setDisabled,
}: {
  member: StaffRowView;
  self: boolean;
  setDisabled: FormAction;
}) {
  const [state, run, pending] = useStaffAction(setDisabled);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const id = useId();

  const send = (disabled: boolean) => {
    const form = new FormData();
    form.set("id", member.id);
    form.set("disabled", String(disabled));
    run(form);
  };

  const ask = () => {
    dialogRef.current?.showModal();
    cancelRef.current?.focus();
  };

  return (
    <div>
      {member.disabled ? (
        <button type="button" disabled={self || pending} onClick={() => send(false)}>
          {`Enable ${member.email}`}
        </button>
      ) : (
        <button type="button" disabled={self || pending} onClick={ask}>
          {`Disable ${member.email}`}
        </button>
      )}
      <dialog
        ref={dialogRef}
        className={styles.confirm}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
      >
        <h2 id={`${id}-title`}>Disable {member.name}?</h2>
        <p id={`${id}-text`}>
          {member.email} will be signed out everywhere at once and cannot sign in until an
          administrator enables the account again.
        </p>
        <div className={styles.actions}>
          <button type="button" ref={cancelRef} onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className={styles.danger}
            onClick={() => {
              dialogRef.current?.close();
              send(true);
            }}
          >
            Disable
          </button>
        </div>
      </dialog>
      <Status state={state} />
    </div>
  );
}

function StaffRow({
  member,
  me,
  actions,
}: { member: StaffRowView; me: string } & Pick<StaffAdminProps, "actions">) {
  const self = member.id === me;
  return (
    <tr data-email={member.email}>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>
        <RoleForm member={member} self={self} setRole={actions.setRole} />
      </td>
      <td>{member.disabled ? "Disabled" : "Active"}</td>
      <td>
        <AccessForm member={member} self={self} setDisabled={actions.setDisabled} />
      </td>
    </tr>
  );
}

/** Staff accounts: add one, change a role, disable (after a confirmation) or re-enable. */
export function StaffAdmin({ me, members, actions }: StaffAdminProps) {
  return (
    <>
      <section className="panel" aria-labelledby="add-staff">
        <h2 id="add-staff">Add a staff member</h2>
        <AddStaffForm create={actions.create} />
      </section>
      <TableScroll label="Staff accounts">
        <table aria-label="Staff accounts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Access</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <StaffRow key={m.id} member={m} me={me} actions={actions} />
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
