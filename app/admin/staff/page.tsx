import type { Metadata } from "next";
import { connection } from "next/server";
import { StaffAdmin } from "@/components/admin/staff-admin";
import { getDb } from "@/db";
import { listStaff } from "@/db/staff/staff";
import { requireStaff } from "../../_lib/auth/require-staff";
import { createStaffAction, setStaffDisabledAction, setStaffRoleAction } from "./actions";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  await connection();
  const me = await requireStaff("manage_staff");
  const members = await listStaff(await getDb());
  return (
    <>
      <h1>Staff</h1>
      <StaffAdmin
        me={me.id}
        members={members.map((m) => ({
          id: m.id,
          name: m.name,
          email: m.email,
          role: m.role,
          disabled: m.disabled,
        }))}
        actions={{
          create: createStaffAction,
          setRole: setStaffRoleAction,
          setDisabled: setStaffDisabledAction,
        }}
      />
    </>
  );
}
