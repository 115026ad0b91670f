import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getCurrentStaff } from "../_lib/auth/current-staff";
import { safeNext } from "../_lib/auth/safe-next";
import { param, type SearchParams } from "../_lib/url-params";
import { signInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await connection();
  const next = safeNext(param(await searchParams, "next"));
  if (await getCurrentStaff()) redirect(next);
  return (
    <div className="panel" style={{ maxWidth: "24rem", margin: "3rem auto" }}>
      <h1>Sign in</h1>
      <p className="muted">Staff only. Accounts are created by an administrator.</p>
      <SignInForm action={signInAction} next={next} />
    </div>
  );
}
