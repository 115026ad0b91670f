import { readFileSync } from "node:fs";
import path from "node:path";

let cached: string | undefined;

/**
 * "loan-replay <package version> (<git commit>)": what a report or evidence
 * bundle was computed with. The commit comes from GIT_COMMIT or the checkout's
 * .git folder when there is one.
 */
export function engineVersion(): string {
  if (cached) return cached;
  const root = process.cwd();
  let version = "unknown";
  try {
    version = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).version ?? version;
  } catch {}
  const commit = process.env.GIT_COMMIT || gitCommit(root);
  cached = `loan-replay ${version}${commit ? ` (${commit.slice(0, 12)})` : ""}`;
  return cached;
}

function gitCommit(root: string): string | undefined {
  try {
    const head = readFileSync(path.join(root, ".git", "HEAD"), "utf8").trim();
    if (!head.startsWith("ref: ")) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(path.join(root, ".git", ref), "utf8").trim();
    } catch {
      const packed = readFileSync(path.join(root, ".git", "packed-refs"), "utf8");
      return packed
        .split("\n")
        .find((line) => line.endsWith(` ${ref}`))
        ?.split(" ")[0];
    }
  } catch {
    return undefined;
  }
}
