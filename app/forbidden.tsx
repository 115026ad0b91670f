import Link from "next/link";

/** Rendered (with status 403) when the signed-in role does not allow the page. */
export default function Forbidden() {
  return (
    <>
      <h1>Not allowed</h1>
      <p>
        Your role does not allow this page. Ask an administrator if you need it.{" "}
        <Link href="/loans">Back to the loans</Link>
      </p>
    </>
  );
}
