/**
 * Signatures over the chain of custody, pure: given key objects (loaded by
 * db/signing-key.ts from outside the database), sign and check an event's
 * hash, a checkpoint, and the MAC that seals a cache row. No I/O here.
 *
 * - An event's signature is Ed25519 over `loan-replay/event-signature/v1\n<hash>`:
 *   whoever holds only the public key can check that the key's holder wrote
 *   that hash (and so, through the hash, the row and every row before it).
 * - A key id is the first 16 hex digits of the sha256 of the public key's
 *   SPKI DER encoding: the same key always has the same id, wherever it is.
 * - A checkpoint is a JSON document (every loan's head and the store's
 *   high-water mark) signed as its canonical form.
 * - A cache seal is an HMAC-SHA256 keyed with a secret derived from the
 *   signing key: only the server checks it, so a MAC is enough (and fast).
 */
import {
  createHash,
  createHmac,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from "node:crypto";
import { sortKeys } from "./canonical";

const SIGNATURE_CONTEXT = "loan-replay/event-signature/v1";
export const CHECKPOINT_FORMAT = "loan-replay/checkpoint/v1";

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The cache-seal secret derived from the private key (cacheMacKey). */
  macKey: Buffer;
}

/** The id of an Ed25519 public key (16 hex digits of the sha256 of its SPKI DER). */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").slice(0, 16);
}

/** A signing key from an Ed25519 private key object. */
export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error("the signing key must be an Ed25519 private key (PKCS#8 PEM)");
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey, macKey: cacheMacKey(privateKey) };
}

/** The HMAC key for cache seals: HKDF-SHA256 of the private key's PKCS#8 DER. */
function cacheMacKey(privateKey: KeyObject): Buffer {
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  return Buffer.from(hkdfSync("sha256", der, "loan-replay", "cache-seal/v1", 32));
}

function eventMessage(hash: string): Buffer {
  return Buffer.from(`${SIGNATURE_CONTEXT}\n${hash}`, "utf8");
}

/** The base64 signature of an event hash. */
export function signEventHash(key: SigningKey, hash: string): string {
  return sign(null, eventMessage(hash), key.privateKey).toString("base64");
}

/** Whether `signature` is a valid signature of `hash` by `publicKey`. */
export function verifyEventHash(publicKey: KeyObject, hash: string, signature: string): boolean {
  try {
    return verify(null, eventMessage(hash), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}

/** JSON with object keys sorted recursively (undefined members dropped): one text per value. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** sha256 (hex) of a value's canonical JSON. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

// ---------------------------------------------------------------- checkpoints

export interface CheckpointHead {
  loanId: number;
  loanNumber: string;
  /** The loan's last sequence number (0: no events). */
  sequence: number;
  /** The hash of that event (null: no events). */
  hash: string | null;
}

export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  /** When it was taken (ISO 8601). */
  takenAt: string;
  /** Who took it (the nightly accrual, cli checkpoint). */
  takenBy: string;
  /** The database it was taken of (current_database()). */
  database: string;
  /** The store's high-water mark: the highest event id and loan id, and how many events. */
  highWater: { eventId: number; loanId: number; events: number };
  /** Every loan's chain head, in loan id order. */
  loans: CheckpointHead[];
}

export interface SignedCheckpoint {
  checkpoint: CheckpointBody;
  keyId: string;
  /** Ed25519 over the bytes of `signed`, base64. */
  signature: string;
  /**
   * The exact bytes signed, base64: `canonicalJson(checkpoint)` (UTF-8), so
   * a verifier with only openssl checks them and reads the heads from them.
   */
  signed: string;
}

export function signCheckpoint(key: SigningKey, body: CheckpointBody): SignedCheckpoint {
  const bytes = Buffer.from(canonicalJson(body), "utf8");
  const signature = sign(null, bytes, key.privateKey);
  return {
    checkpoint: body,
    keyId: key.keyId,
    signature: signature.toString("base64"),
    signed: bytes.toString("base64"),
  };
}

export type CheckpointCheck =
  | { ok: true; keyId: string; checkpoint: CheckpointBody }
  | { ok: false; reason: string };

/**
 * Check a checkpoint file's text with public keys only (no database): its
 * shape, that one of the keys has its key id, and its signature.
 */
export function verifyCheckpoint(text: string, publicKeys: readonly KeyObject[]): CheckpointCheck {
  let parsed: SignedCheckpoint;
  try {
    parsed = JSON.parse(text) as SignedCheckpoint;
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  const body = parsed?.checkpoint;
  if (!body || body.format !== CHECKPOINT_FORMAT || !Array.isArray(body.loans)) {
    return { ok: false, reason: `not a ${CHECKPOINT_FORMAT} document` };
  }
  if (typeof parsed.signature !== "string" || typeof parsed.keyId !== "string") {
    return { ok: false, reason: "no signature" };
  }
  const key = publicKeys.find((k) => keyIdOf(k) === parsed.keyId);
  if (!key) return { ok: false, reason: `signed with key ${parsed.keyId}, which was not given` };
  const bytes = Buffer.from(canonicalJson(body), "utf8");
  if (typeof parsed.signed === "string" && !Buffer.from(parsed.signed, "base64").equals(bytes)) {
    return { ok: false, reason: "the document differs from the bytes signed" };
  }
  let valid = false;
  try {
    valid = verify(null, bytes, key, Buffer.from(parsed.signature, "base64"));
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, keyId: parsed.keyId, checkpoint: body }
    : { ok: false, reason: `the signature does not match the document (key ${parsed.keyId})` };
}

// ---------------------------------------------------------------- cache seals

const SEAL_VERSION = "s1";

/**
 * A cache row's seal: `s1.<key id>.<digest>-<digest>….<mac>`, the MAC over
 * the row's identity (`subject`: what it is and what it covers, the columns
 * a list shows) and the digests of its parts (digestOf each). The digests
 * are in the seal so a reader that reads only some parts (a snapshot without
 * its payment log) checks those and the MAC.
 */
export function sealCache(key: SigningKey, subject: unknown, digests: readonly string[]): string {
  return `${SEAL_VERSION}.${key.keyId}.${digests.join("-")}.${macOf(key.macKey, subject, digests)}`;
}

function macOf(macKey: Buffer, subject: unknown, digests: readonly string[]): string {
  return createHmac("sha256", macKey)
    .update(canonicalJson([subject, digests]), "utf8")
    .digest("base64url");
}

/**
 * The part digests a seal names, unchecked: only for a seal its caller has
 * just found valid (readCacheSeal, checkCacheSeal), to reuse a digest it
 * vouches for instead of computing it again.
 */
export function sealedDigests(seal: string): string[] {
  const joined = seal.split(".")[2];
  return joined ? joined.split("-") : [];
}

export type SealStatus = "valid" | "missing" | "other-key" | "mismatch";

/**
 * Check a seal's MAC against the row's subject; with `valid`, the part
 * digests it vouches for (compare those of the parts read). "other-key" is a
 * seal from a retired key (rebuild quietly), "mismatch" an edited row.
 */
export function readCacheSeal(
  key: SigningKey,
  seal: string | null | undefined,
  subject: unknown,
): { status: SealStatus; digests: string[] } {
  if (!seal) return { status: "missing", digests: [] };
  const [version, keyId, joined, mac, ...rest] = seal.split(".");
  if (version !== SEAL_VERSION || joined === undefined || !mac || rest.length > 0) {
    return { status: "mismatch", digests: [] };
  }
  if (keyId !== key.keyId) return { status: "other-key", digests: [] };
  const digests = joined === "" ? [] : joined.split("-");
  const expected = Buffer.from(macOf(key.macKey, subject, digests));
  const found = Buffer.from(mac);
  return expected.length === found.length && timingSafeEqual(expected, found)
    ? { status: "valid", digests }
    : { status: "mismatch", digests: [] };
}

/**
 * A seal checked with the parts read: "valid" only if the MAC holds and each
 * given part (by index; parts not read are left out) has the digest sealed.
 */
export function checkCacheSeal(
  key: SigningKey,
  seal: string | null | undefined,
  subject: unknown,
  parts: Readonly<Record<number, unknown>>,
): SealStatus {
  const { status, digests } = readCacheSeal(key, seal, subject);
  if (status !== "valid") return status;
  for (const [index, value] of Object.entries(parts)) {
    if (digests[Number(index)] !== digestOf(value)) return "mismatch";
  }
  return "valid";
}
