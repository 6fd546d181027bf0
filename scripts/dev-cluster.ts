/**
 * `npm run dev:cluster`: a local stand-in for a Hedgehog fabric's Kubernetes API (tests/support/kube-apiserver),
 * loaded with a sample wiring, so that HFM can be pointed at a "cluster" on a laptop.
 *
 * - Port: HFM_DEV_CLUSTER_PORT (default 6443), on 127.0.0.1.
 * - Token: HFM_DEV_CLUSTER_TOKEN (default `hfm-dev-token`).
 * - The CA is kept in .data/dev-cluster/ (ca.crt, ca.key) and reused on restart, so a fabric configured in the UI
 *   keeps working; a kubeconfig for kubectl is written next to it.
 * - Objects live in memory: a restart goes back to the sample wiring.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { generateTls, startKubeApiServer, type TlsMaterial } from "@/tests/support/kube-apiserver";

const SAMPLE = path.resolve("../shared/hedgehog/samples/fabric-testdata-l3vni-spine-leaf.reconstructed.wiring.yaml");

/** A small spine-leaf wiring with one VPC, used when ../shared is not there. */
const EMBEDDED_WIRING = `
apiVersion: wiring.githedgehog.com/v1beta1
kind: VLANNamespace
metadata: { name: default }
spec: { ranges: [{ from: 1000, to: 2999 }] }
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: IPv4Namespace
metadata: { name: default }
spec: { subnets: [10.0.0.0/16] }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Switch
metadata: { name: spine-01 }
spec: { role: spine, profile: vs, description: VS-01, asn: 65100, ip: 172.30.0.8/21, protocolIP: 172.30.8.1/32, boot: { mac: "0c:20:12:fe:00:00" } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Switch
metadata: { name: leaf-01 }
spec: { role: server-leaf, profile: vs, description: VS-02, asn: 65101, ip: 172.30.0.9/21, protocolIP: 172.30.8.2/32, vtepIP: 172.30.12.0/32, boot: { mac: "0c:20:12:ff:00:00" } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Switch
metadata: { name: leaf-02 }
spec: { role: server-leaf, profile: vs, description: VS-03, asn: 65102, ip: 172.30.0.10/21, protocolIP: 172.30.8.3/32, vtepIP: 172.30.12.1/32, boot: { mac: "0c:20:12:ff:01:00" } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Server
metadata: { name: server-01 }
spec: { description: S-01 }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Server
metadata: { name: server-02 }
spec: { description: S-02 }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata: { name: spine-01--fabric--leaf-01 }
spec: { fabric: { links: [{ spine: { port: spine-01/E1/1, ip: 172.30.128.0/31 }, leaf: { port: leaf-01/E1/8, ip: 172.30.128.1/31 } }] } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata: { name: spine-01--fabric--leaf-02 }
spec: { fabric: { links: [{ spine: { port: spine-01/E1/2, ip: 172.30.128.2/31 }, leaf: { port: leaf-02/E1/8, ip: 172.30.128.3/31 } }] } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata: { name: server-01--unbundled--leaf-01 }
spec: { unbundled: { link: { server: { port: server-01/enp2s1 }, switch: { port: leaf-01/E1/1 } } } }
---
apiVersion: wiring.githedgehog.com/v1beta1
kind: Connection
metadata: { name: server-02--unbundled--leaf-02 }
spec: { unbundled: { link: { server: { port: server-02/enp2s1 }, switch: { port: leaf-02/E1/1 } } } }
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata: { name: vpc-1 }
spec: { subnets: { subnet-01: { subnet: 10.0.1.0/24, vlan: 1001, dhcp: { enable: true } } } }
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPCAttachment
metadata: { name: vpc-1--server-01 }
spec: { subnet: vpc-1/subnet-01, connection: server-01--unbundled--leaf-01 }
`;

async function loadTls(dir: string): Promise<TlsMaterial> {
  const caCrt = path.join(dir, "ca.crt");
  const caKey = path.join(dir, "ca.key");
  if (existsSync(caCrt) && existsSync(caKey)) {
    return generateTls({ days: 365, ca: { certPem: await readFile(caCrt, "utf8"), keyPem: await readFile(caKey, "utf8") } });
  }
  const tls = await generateTls({ days: 365 });
  await writeFile(caCrt, tls.caPem);
  await writeFile(caKey, tls.caKeyPem ?? "", { mode: 0o600 });
  return tls;
}

async function main(): Promise<void> {
  const port = Number(process.env.HFM_DEV_CLUSTER_PORT ?? 6443);
  const token = process.env.HFM_DEV_CLUSTER_TOKEN ?? "hfm-dev-token";
  const dir = path.resolve(".data/dev-cluster");
  await mkdir(dir, { recursive: true });
  const tls = await loadTls(dir);

  const fromShared = existsSync(SAMPLE);
  const text = fromShared ? await readFile(SAMPLE, "utf8") : EMBEDDED_WIRING;
  const objects = parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Record<string, unknown> => o !== null && typeof o === "object" && !Array.isArray(o));

  // "hfm-simulated" in the version makes HFM label fabrics pointed at this cluster as simulated.
  const server = await startKubeApiServer({ port, adminToken: token, tls, version: { gitVersion: "v1.33.5+hfm-simulated" } });
  let loaded = 0;
  for (const o of objects) {
    try {
      server.store.put(o);
      loaded++;
    } catch (e) {
      const md = (o.metadata ?? {}) as Record<string, unknown>;
      console.warn(`skipped ${String(o.kind)} ${String(md.name)}: ${(e as Error).message}`);
    }
  }
  const caPath = path.join(dir, "ca.crt");
  const kubeconfigPath = path.join(dir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, server.kubeConfigYaml(), { mode: 0o600 });

  console.log(
    [
      "",
      `HFM dev cluster (fake Kubernetes API with the Hedgehog CRDs) is running.`,
      `  wiring:     ${loaded} objects from ${fromShared ? path.relative(process.cwd(), SAMPLE) : "the embedded sample"}`,
      `  server URL: ${server.url}`,
      `  token:      ${token}`,
      `  CA:         ${caPath}`,
      `  kubeconfig: ${kubeconfigPath}   (kubectl --kubeconfig ${path.relative(process.cwd(), kubeconfigPath)} get --raw /apis)`,
      "",
      "Paste the URL, the token and the CA file's contents into a fabric's cluster connection in the UI.",
      "Objects are kept in memory only. Ctrl-C stops the server.",
      "",
    ].join("\n"),
  );

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
