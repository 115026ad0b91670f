import type { DelinquencyBucket } from "@/lib/due";
import { bucketLabel, bucketSeverity } from "@/lib/presentation/due";
import styles from "./due.module.css";

/** The delinquency bucket in words, with a colour that only repeats them. */
export function BucketBadge({ bucket }: { bucket: DelinquencyBucket }) {
  return (
    <span
      className={`${styles.bucket} ${styles[`severity${bucketSeverity(bucket)}`]}`}
      data-testid="due-bucket"
      data-bucket={bucket}
    >
      {bucketLabel(bucket)}
    </span>
  );
}
