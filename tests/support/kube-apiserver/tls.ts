/**
 * TLS material for the test API server: a throwaway CA and a server certificate for 127.0.0.1/localhost, made with
 * Debian's `openssl` CLI (Node can verify X.509 but not issue it). EC P-256 keys keep this to a few tens of ms;
 * the result is cached per process.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TlsMaterial {
  caPem: string;
  /** Kept so that a long-lived dev cluster can issue the same chain again after a restart. */
  caKeyPem?: string;
  certPem: string;
  keyPem: string;
}

let cached: Promise<TlsMaterial> | undefined;

/** A CA and a server certificate (SAN IP:127.0.0.1, DNS:localhost), generated once per process. */
export function testTls(): Promise<TlsMaterial> {
  cached ??= generateTls().catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

/** Generates fresh material (`days` of validity), optionally reusing an existing CA. */
export async function generateTls(opts: { days?: number; ca?: { certPem: string; keyPem: string } } = {}): Promise<TlsMaterial> {
  const days = String(opts.days ?? 3);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kube-apiserver-tls-"));
  const f = (name: string): string => path.join(dir, name);
  const openssl = async (...args: string[]): Promise<void> => {
    await run("openssl", args, { cwd: dir });
  };
  try {
    if (opts.ca) {
      await writeFile(f("ca.crt"), opts.ca.certPem);
      await writeFile(f("ca.key"), opts.ca.keyPem);
    } else {
      await openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f("ca.key"),
        "-out", f("ca.crt"), "-days", days, "-subj", "/CN=hfm-test-kube-ca", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }
    await openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", f("server.key"),
      "-out", f("server.csr"), "-subj", "/CN=kube-apiserver");
    await writeFile(
      f("ext.cnf"),
      "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default\n" +
        "extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n",
    );
    await openssl("x509", "-req", "-in", f("server.csr"), "-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial",
      "-out", f("server.crt"), "-days", days, "-extfile", f("ext.cnf"));
    const [caPem, caKeyPem, certPem, keyPem] = await Promise.all(
      ["ca.crt", "ca.key", "server.crt", "server.key"].map((n) => readFile(f(n), "utf8")),
    );
    return { caPem, caKeyPem, certPem, keyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
