/**
 * The chain's key (issue 14, item 1): production refuses to start without
 * one, it comes from outside the database (environment or file), and a
 * retired key's signatures still verify after a rotation.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkEnvironmentOrExit } from "@/app/_lib/startup-check";
import { loadSigningKeys, MISSING_KEY_MESSAGE } from "@/db/signing-key";
import { keyIdOf, signEventHash, signingKeyFrom, verifyEventHash } from "@/lib/chain/signing";

const pem = (key: ReturnType<typeof generateKeyPairSync>["privateKey"]) =>
  key.export({ type: "pkcs8", format: "pem" }).toString();

function newKeyFiles(dir: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const privateFile = path.join(dir, "signing-key.pem");
  const publicFile = path.join(dir, "public.pem");
  writeFileSync(privateFile, pem(privateKey));
  writeFileSync(publicFile, publicKey.export({ type: "spki", format: "pem" }).toString());
  return { privateKey, publicKey, privateFile, publicFile };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("the signing key (db/signing-key.ts)", () => {
  it("production refuses to start without one", () => {
    expect(() => loadSigningKeys({ NODE_ENV: "production" })).toThrow(MISSING_KEY_MESSAGE);
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("BETTER_AUTH_SECRET", "a-production-secret-of-at-least-32-characters");
    vi.stubEnv("BETTER_AUTH_URL", "https://loans.example.com");
    vi.stubEnv("LOAN_REPLAY_SIGNING_KEY", "");
    vi.stubEnv("LOAN_REPLAY_SIGNING_KEY_FILE", "");
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    checkEnvironmentOrExit();
    expect(exit).toHaveBeenCalledWith(1);
    expect(error.mock.calls[0]?.[0]).toContain("production refuses to start without a signing key");
  });

  it("production starts with a key from the environment or a file; the key id is its public key's", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-key-"));
    const { privateKey, publicKey, privateFile } = newKeyFiles(dir);
    const fromFile = loadSigningKeys({
      NODE_ENV: "production",
      LOAN_REPLAY_SIGNING_KEY_FILE: privateFile,
    });
    const fromEnv = loadSigningKeys({
      NODE_ENV: "production",
      LOAN_REPLAY_SIGNING_KEY: pem(privateKey),
    });
    expect(fromFile.current.keyId).toBe(keyIdOf(publicKey));
    expect(fromEnv.current.keyId).toBe(keyIdOf(publicKey));
    expect(() =>
      loadSigningKeys({ NODE_ENV: "production", LOAN_REPLAY_SIGNING_KEY: "not a key" }),
    ).toThrow("LOAN_REPLAY_SIGNING_KEY: not a PEM private key");
  });

  it("a retired key's rows still verify through LOAN_REPLAY_PUBLIC_KEYS", () => {
    const old = newKeyFiles(mkdtempSync(path.join(tmpdir(), "loan-replay-old-")));
    const current = newKeyFiles(mkdtempSync(path.join(tmpdir(), "loan-replay-new-")));
    const signature = signEventHash(signingKeyFrom(old.privateKey), "cd".repeat(32));
    const keys = loadSigningKeys({
      NODE_ENV: "production",
      LOAN_REPLAY_SIGNING_KEY_FILE: current.privateFile,
      LOAN_REPLAY_PUBLIC_KEYS: path.dirname(old.publicFile),
    });
    const oldId = keyIdOf(old.publicKey);
    expect(keys.current.keyId).not.toBe(oldId);
    expect(verifyEventHash(keys.publicKeys.get(oldId)!, "cd".repeat(32), signature)).toBe(true);
    expect(verifyEventHash(keys.current.publicKey, "cd".repeat(32), signature)).toBe(false);
  });
});
