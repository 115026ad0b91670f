/** Timing helpers the benchmarks share: milliseconds rounded for printing, percentiles, runs. */

/** Milliseconds rounded to 2 places, for printing. */
export const ms = (t: number) => Math.round(t * 100) / 100;

/** The p-th percentile (nearest rank) of the values. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

/** How long `fn` took (ms) and what it returned. */
export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

/** p50 / p95 of `n` timed runs after one warm-up. */
export async function runs(n: number, fn: () => Promise<unknown>) {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push((await time(fn))[0]);
  return { p50: ms(percentile(xs, 50)), p95: ms(percentile(xs, 95)) };
}
