/**
 * Which of the 16 hash partitions (migration 0018) holds a loan's rows, as
 * Postgres computes it for a bigint key, so a one-loan statement can name the
 * partition (`loan_events_p07`) instead of the parent. A generic plan over
 * the parent locks every partition of each table and its indexes when it is
 * bound, whatever the loan: measured as most of a cached one-loan read.
 *
 * Postgres: hashint8extended(id, HASH_PARTITION_SEED) folds the bigint to 32
 * bits and hashes it with Jenkins' lookup3 (hash_bytes_uint32_extended);
 * compute_partition_hash_value combines it with 0 (hash_combine64), and the
 * remainder of that 64-bit value by the modulus picks the partition. Only the
 * low 32 bits matter for a modulus of 16. The partition test checks this
 * against satisfies_hash_partition on both engines.
 */
export const PARTITIONS = 16;

/** The partition's suffix for a loan id: "p00" … "p15". */
export function partitionOf(loanId: number): string {
  return `p${String(partitionIndex(loanId)).padStart(2, "0")}`;
}

function partitionIndex(loanId: number): number {
  if (!Number.isSafeInteger(loanId)) throw new Error(`not a loan id: ${loanId}`);
  const value = BigInt(loanId);
  const lo = Number(BigInt.asUintN(32, value));
  const hi = Number(BigInt.asUintN(32, value >> 32n));
  const folded = (loanId >= 0 ? lo ^ hi : lo ^ ~hi) >>> 0;
  const c = lookup3Uint32(folded, SEED_HIGH, SEED_LOW);
  // hash_combine64(0, h) = h + 0x49a0f4dd15e5a8e3; its low 32 bits: c + 0x15e5a8e3.
  return ((c + 0x15e5a8e3) >>> 0) % PARTITIONS;
}

// HASH_PARTITION_SEED = 0x7A5B22367996DCFD
const SEED_HIGH = 0x7a5b2236;
const SEED_LOW = 0x7996dcfd;

const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/** hash_bytes_uint32_extended's low word (c) for key k and a 64-bit seed. */
function lookup3Uint32(k: number, seedHigh: number, seedLow: number): number {
  let a = (0x9e3779b9 + 4 + 3923095) >>> 0;
  let b = a;
  let c = a;
  a = (a + seedHigh) >>> 0;
  b = (b + seedLow) >>> 0;
  // mix(a, b, c)
  a = (a - c) >>> 0;
  a = (a ^ rot(c, 4)) >>> 0;
  c = (c + b) >>> 0;
  b = (b - a) >>> 0;
  b = (b ^ rot(a, 6)) >>> 0;
  a = (a + c) >>> 0;
  c = (c - b) >>> 0;
  c = (c ^ rot(b, 8)) >>> 0;
  b = (b + a) >>> 0;
  a = (a - c) >>> 0;
  a = (a ^ rot(c, 16)) >>> 0;
  c = (c + b) >>> 0;
  b = (b - a) >>> 0;
  b = (b ^ rot(a, 19)) >>> 0;
  a = (a + c) >>> 0;
  c = (c - b) >>> 0;
  c = (c ^ rot(b, 4)) >>> 0;
  b = (b + a) >>> 0;
  a = (a + k) >>> 0;
  // final(a, b, c)
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rot(b, 24)) >>> 0;
  return c;
}
