import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, env } from "@/server/env";

/**
 * Secrets at rest: AES-256-GCM with a 32-byte key from HFM_ENCRYPTION_KEY (64 hex digits or base64), or — on the
 * embedded default — a key generated once into `<data dir>/encryption.key` (mode 0600).
 * Ciphertext format: `v1:<iv b64>:<tag b64>:<ciphertext b64>`.
 */
const PREFIX = "v1";
// On globalThis: Next bundles route handlers and instrumentation separately, but they share one process.
const holder = globalThis as typeof globalThis & { __hfmEncryptionKey?: Buffer };

export interface KeySource {
  encryptionKey?: string;
  dataDir: string;
}

export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new Error("The encryption key must be 32 bytes (64 hex digits or 44 base64 characters)");
  }
  return key;
}

/** Loads (or, on first start of the embedded default, creates) the key. Call once at startup. */
export function initEncryptionKey(source: KeySource): void {
  if (source.encryptionKey) {
    holder.__hfmEncryptionKey = parseKey(source.encryptionKey);
    return;
  }
  const file = path.join(source.dataDir, "encryption.key");
  if (fs.existsSync(file)) {
    holder.__hfmEncryptionKey = parseKey(fs.readFileSync(file, "utf8"));
    return;
  }
  fs.mkdirSync(source.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(file, key.toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    holder.__hfmEncryptionKey = key;
  } catch {
    // Created concurrently by another worker: use that one.
    holder.__hfmEncryptionKey = parseKey(fs.readFileSync(file, "utf8"));
  }
}

function key(): Buffer {
  if (!holder.__hfmEncryptionKey) initEncryptionKey({ encryptionKey: env.HFM_ENCRYPTION_KEY, dataDir: dataDir() });
  return holder.__hfmEncryptionKey!;
}

export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, iv.toString("base64"), tag.toString("base64"), data.toString("base64")].join(":");
}

export function decryptSecret(ciphertext: string): string {
  const [prefix, iv, tag, data] = ciphertext.split(":");
  if (prefix !== PREFIX || !iv || !tag || data === undefined) {
    throw new Error("Stored secret has an unknown format");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "A stored secret cannot be decrypted: the encryption key changed. Restore HFM_ENCRYPTION_KEY (or " +
        "<data dir>/encryption.key) or set the credential again.",
    );
  }
}

/** Encrypts an optional secret; `undefined` keeps, `null` or "" clears (for PATCH semantics). */
export function encryptOptional(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === "") return null;
  return encryptSecret(value);
}
