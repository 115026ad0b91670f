import Link from "next/link";

export default function LoanNotFound() {
  return (
    <>
      <h1>Loan not found</h1>
      <p>
        No loan has that number. Loan numbers look like <code>LN-000123</code>.{" "}
        <Link href="/loans">Back to all loans</Link>
      </p>
    </>
  );
}
