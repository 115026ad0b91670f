import styles from "./notices.module.css";

/**
 * Things the reader should know about what the page shows instead of what
 * was asked for (a link's date that is not a real date, an event not known
 * at the chosen instant), each with what is shown instead. Nothing when
 * there is nothing to say.
 */
export function Notices({
  messages,
  testId = "notices",
}: {
  messages: readonly string[];
  testId?: string;
}) {
  if (messages.length === 0) return null;
  return (
    <div className={styles.notice} role="status" data-testid={testId}>
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
