"use client";
import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/permissions";

type Done = { message: string };
type FormAction = (form: FormData) => Promise<ActionResult<Done>>;

export interface StaffRowView {
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

function useForm(action: FormAction) {
  return useActionState<ActionResult<Done> | null, FormData>(
    async (_p, form) => action(form),
    null,
  );
}

function Status({ state }: { state: ActionResult<Done> | null }) {
  if (!state) return null;
  return state.ok ? (
    <p className="form-status success" role="status">
      {state.data.message}
    </p>
  ) : (
    <p className="form-status failure" role="alert">
      {state.error}
      {state.fieldErrors
        ? Object.values(state.fieldErrors).map((m) => (
            <span key={m}>
              <br />
              {m}
            </span>
          ))
        : null}
    </p>
  );
}

function RoleSelect({
  name,
  defaultValue,
  label,
}: {
  name: string;
  defaultValue: Role;
  label: string;
}) {
  return (
    <select name={name} defaultValue={defaultValue} aria-label={label}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

function StaffRow({
  member,
  me,
  actions,
}: { member: StaffRowView; me: string } & Pick<StaffAdminProps, "actions">) {
  const [roleState, roleAction, rolePending] = useForm(actions.setRole);
  const [disableState, disableAction, disablePending] = useForm(actions.setDisabled);
  const self = member.id === me;
  return (
    <tr data-email={member.email}>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>
        <form action={roleAction} aria-label={`Role of ${member.email}`}>
          <input type="hidden" name="id" value={member.id} />
          <RoleSelect name="role" defaultValue={member.role} label={`Role for ${member.email}`} />{" "}
          <button type="submit" disabled={self || rolePending}>
            Set role
          </button>
          <Status state={roleState} />
        </form>
      </td>
      <td>{member.disabled ? "Disabled" : "Active"}</td>
      <td>
        <form action={disableAction}>
          <input type="hidden" name="id" value={member.id} />
          <input type="hidden" name="disabled" value={member.disabled ? "false" : "true"} />
          <button type="submit" disabled={self || disablePending}>
            {member.disabled ? `Enable ${member.email}` : `Disable ${member.email}`}
          </button>
          <Status state={disableState} />
        </form>
      </td>
    </tr>
  );
}

/** Staff accounts: add one, change a role, disable or re-enable. */
export function StaffAdmin({ me, members, actions }: StaffAdminProps) {
  const [createState, createAction, createPending] = useForm(actions.create);
  return (
    <>
      <section className="panel" aria-labelledby="add-staff">
        <h2 id="add-staff">Add a staff member</h2>
        <form
          action={createAction}
          aria-label="Add staff"
          key={createState?.ok ? createState.data.message : "new"}
        >
          <div className="form-grid">
            <div className="field">
              <label htmlFor="staff-name">Name</label>
              <input id="staff-name" name="name" required maxLength={100} />
            </div>
            <div className="field">
              <label htmlFor="staff-email">Email</label>
              <input id="staff-email" name="email" type="email" required maxLength={254} />
            </div>
            <div className="field">
              <label htmlFor="staff-password">Initial password</label>
              <input
                id="staff-password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                minLength={12}
                maxLength={128}
              />
            </div>
            <div className="field">
              <label htmlFor="staff-role">Role</label>
              <select id="staff-role" name="role" defaultValue="agent">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" disabled={createPending}>
              Add staff member
            </button>
          </div>
          <Status state={createState} />
        </form>
      </section>
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
    </>
  );
}
