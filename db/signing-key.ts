/**
 * The key that signs the chain of custody, loaded from outside the database
 * (lib/chain/signing.ts does the signing):
 *
 *   LOAN_REPLAY_SIGNING_KEY       an Ed25519 private key, PKCS#8 PEM text
 *   LOAN_REPLAY_SIGNING_KEY_FILE  or the path of a file holding one
 *   LOAN_REPLAY_PUBLIC_KEYS       a directory of public keys (*.pem) of
 *                                 retired keys, so rows and checkpoints they
 *                                 signed still verify after a rotation
 *   LOAN_REPLAY_CHECKPOINT_DIR    where checkpoints are written
 *                                 (default .data/checkpoints)
 *
 * Outside production, with neither key variable set, a development key is
 * generated once under .data/keys/ (signing-key.pem, and its public key as
 * <key id>.pem beside it). Production refuses to start without a key.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { keyIdOf, type SigningKey, signingKeyFrom } from "../lib/chain/signing";

const DEV_KEY_DIR = path.join(".data", "keys");
const DEFAULT_CHECKPOINT_DIR = path.join(".data", "checkpoints");

export interface SigningKeys {
  /** The key new rows, checkpoints and cache seals are signed with. */
  current: SigningKey;
  /** Where it came from ("LOAN_REPLAY_SIGNING_KEY", a file path, or the dev key's path). */
  source: string;
  /** Every public key that verifies, by key id (the current one included). */
  publicKeys: Map<string, KeyObject>;
}

type Env = Record<string, string | undefined>;

export const MISSING_KEY_MESSAGE =
  "production refuses to start without a signing key for the chain of custody: set LOAN_REPLAY_SIGNING_KEY_FILE to an Ed25519 private key (e.g. `openssl genpkey -algorithm ed25519 -out signing-key.pem`) or LOAN_REPLAY_SIGNING_KEY to its PEM text; keep it out of the database";

/** Load the keys as `env` configures them (no cache: see signingKeys). */
export function loadSigningKeys(env: Env = process.env): SigningKeys {
  const { privateKey, source } = loadPrivateKey(env);
  const current = signingKeyFrom(privateKey);
  const publicKeys = new Map<string, KeyObject>([[current.keyId, current.publicKey]]);
  const dir = env.LOAN_REPLAY_PUBLIC_KEYS || (isProduction(env) ? undefined : DEV_KEY_DIR);
  if (dir) for (const key of readPublicKeys(dir)) publicKeys.set(keyIdOf(key), key);
  return { current, source, publicKeys };
}

function isProduction(env: Env): boolean {
  return env.NODE_ENV === "production";
}

function loadPrivateKey(env: Env): { privateKey: KeyObject; source: string } {
  const text = env.LOAN_REPLAY_SIGNING_KEY?.trim();
  if (text) {
    return {
      privateKey: parsePrivateKey(text.replace(/\\n/g, "\n"), "LOAN_REPLAY_SIGNING_KEY"),
      source: "LOAN_REPLAY_SIGNING_KEY",
    };
  }
  const file = env.LOAN_REPLAY_SIGNING_KEY_FILE?.trim();
  if (file) {
    let pem: string;
    try {
      pem = readFileSync(file, "utf8");
    } catch (error) {
      throw new Error(
        `LOAN_REPLAY_SIGNING_KEY_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
    return {
      privateKey: parsePrivateKey(pem, `LOAN_REPLAY_SIGNING_KEY_FILE ${file}`),
      source: file,
    };
  }
  if (isProduction(env)) throw new Error(MISSING_KEY_MESSAGE);
  const devFile = path.join(DEV_KEY_DIR, "signing-key.pem");
  return { privateKey: parsePrivateKey(devKeyPem(devFile), devFile), source: devFile };
}

function parsePrivateKey(pem: string, from: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${from}: not a PEM private key`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`${from}: the signing key must be Ed25519 (got ${key.asymmetricKeyType})`);
  }
  return key;
}

/**
 * The development key's PEM, generated on first use. Created atomically (a
 * temporary file hard-linked into place), so processes starting together
 * agree on one key.
 */
function devKeyPem(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, pem, { mode: 0o600 });
  try {
    linkSync(temp, file);
    writeFileSync(
      path.join(path.dirname(file), `${keyIdOf(publicKey)}.pem`),
      publicKey.export({ type: "spki", format: "pem" }).toString(),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temp);
  }
  return readFileSync(file, "utf8");
}

/** The public keys (*.pem, SPKI or a private key's public half) in a directory. */
function readPublicKeys(dir: string): KeyObject[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".pem"));
  } catch {
    return [];
  }
  const keys: KeyObject[] = [];
  for (const name of names.sort()) {
    const key = readPublicKeyFile(path.join(dir, name));
    if (key) keys.push(key);
  }
  return keys;
}

/** An Ed25519 public key from a PEM file (a private key file gives its public half). */
export function readPublicKeyFile(file: string): KeyObject | null {
  try {
    const key = createPublicKey(readFileSync(file, "utf8"));
    return key.asymmetricKeyType === "ed25519" ? key : null;
  } catch {
    return null;
  }
}

/** Where checkpoints go (LOAN_REPLAY_CHECKPOINT_DIR, default .data/checkpoints). */
export function checkpointDir(env: Env = process.env): string {
  return env.LOAN_REPLAY_CHECKPOINT_DIR || DEFAULT_CHECKPOINT_DIR;
}

let cached: { signature: string; keys: SigningKeys } | undefined;

/** The process's keys, loaded once (again only if the key variables change). */
export function signingKeys(): SigningKeys {
  const env = process.env;
  const signature = [
    env.LOAN_REPLAY_SIGNING_KEY,
    env.LOAN_REPLAY_SIGNING_KEY_FILE,
    env.LOAN_REPLAY_PUBLIC_KEYS,
    env.NODE_ENV,
  ].join("\u0000");
  if (cached?.signature !== signature) cached = { signature, keys: loadSigningKeys(env) };
  return cached.keys;
}

/** The key new rows are signed with. */
export function currentKey(): SigningKey {
  return signingKeys().current;
}
