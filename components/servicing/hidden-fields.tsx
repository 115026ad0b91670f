/** What every write carries: the loan, and the last event this page showed (optimistic concurrency). */
export function WriteContextFields({
  loanNumber,
  expectedSequence,
}: {
  loanNumber: string;
  expectedSequence: number;
}) {
  return (
    <>
      <input type="hidden" name="loanNumber" value={loanNumber} />
      <input type="hidden" name="expectedSequence" value={expectedSequence} />
    </>
  );
}
