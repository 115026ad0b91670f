"use client";

/** Opens the browser's print dialog (the page's print stylesheet leaves only the quote). */
export function PrintButton() {
  return (
    <button type="button" className="primary" onClick={() => window.print()}>
      Print
    </button>
  );
}
