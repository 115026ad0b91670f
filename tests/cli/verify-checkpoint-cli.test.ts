/**
 * A checkpoint is verified with nothing but the public key (issue 14, item
 * 1): `cli verify-checkpoint` opens no database, and the README's openssl
 * recipe (one real spawn of openssl) checks the same bytes.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_FORMAT,
  type CheckpointBody,
  signCheckpoint,
  signingKeyFrom,
  verifyCheckpoint,
} from "@/lib/chain/signing";
import { runCli } from "../helpers/cli";

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

const body = (): CheckpointBody => ({
  format: CHECKPOINT_FORMAT,
  takenAt: "2026-02-01T01:00:00.000Z",
  takenBy: "system:accrual",
  database: "postgres",
  highWater: { eventId: 95, loanId: 1, events: 95 },
  loans: [{ loanId: 1, loanNumber: "LN-000001", sequence: 95, hash: "ab".repeat(32) }],
});

describe("checkpoints verified with the public key only", () => {
  it("cli verify-checkpoint needs no database and refuses an edited checkpoint", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-cp-"));
    const { privateKey, publicFile } = newKeyFiles(dir);
    const file = path.join(dir, "checkpoint.json");
    writeFileSync(file, JSON.stringify(signCheckpoint(signingKeyFrom(privateKey), body())));
    // A database that does not exist: the command must not need one.
    const env = { ...process.env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" };
    const ok = await runCli(["verify-checkpoint", "--file", file, "--public-key", publicFile], {
      env,
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ verified: true, loans: 1 });

    const edited = JSON.parse(readFileSync(file, "utf8"));
    edited.checkpoint.loans[0].sequence = 94; // hide the last event
    const bad = path.join(dir, "edited.json");
    writeFileSync(bad, JSON.stringify(edited));
    const refused = await runCli(["verify-checkpoint", "--file", bad, "--public-key", publicFile], {
      env,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("does not verify: the document differs from the bytes signed");
    delete edited.signed;
    writeFileSync(bad, JSON.stringify(edited));
    expect(verifyCheckpoint(readFileSync(bad, "utf8"), [])).toMatchObject({ ok: false });
    const other = newKeyFiles(mkdtempSync(path.join(tmpdir(), "loan-replay-other-")));
    expect(verifyCheckpoint(readFileSync(bad, "utf8"), [other.publicKey])).toMatchObject({
      ok: false,
    });
  });

  it("the README's openssl recipe verifies a checkpoint", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "loan-replay-ossl-"));
    const { privateKey, publicFile } = newKeyFiles(dir);
    const signed = signCheckpoint(signingKeyFrom(privateKey), body());
    writeFileSync(path.join(dir, "msg"), Buffer.from(signed.signed, "base64"));
    writeFileSync(path.join(dir, "sig"), Buffer.from(signed.signature, "base64"));
    const out = execFileSync(
      "openssl",
      [
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        publicFile,
        "-rawin",
        "-in",
        "msg",
        "-sigfile",
        "sig",
      ],
      { cwd: dir, encoding: "utf8" },
    );
    expect(out).toContain("Signature Verified Successfully");
    expect(JSON.parse(readFileSync(path.join(dir, "msg"), "utf8"))).toEqual(body());
  });
});
