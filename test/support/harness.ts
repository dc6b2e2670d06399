// Test-only helpers for the registry client's suites: the real Distribution registry (and the
// fault proxy / token server in front of it) started once per file, a client that trusts them,
// and servers closed after each test.
import { afterEach } from "vitest";
import { RegistryClient, type RegistryClientOptions } from "../../lib/registry/client";
import type { CredentialSource } from "../../lib/registry/credentials";
import { RegistryError } from "../../lib/registry/errors";
import { startRegistry, type RunningRegistry, type StartRegistryOptions } from "../../e2e/fixtures/registry";
import { startFaultProxy, type FaultProxy, type FaultRule } from "../../e2e/fixtures/fault-proxy";
import { pushImage, type Plat, type PushResult, type RegistryTarget } from "../../e2e/fixtures/pusher";
import { type TestServer, serve } from "./http-server";

export const anonymous: CredentialSource = { get: async () => undefined };
const cleanup: Array<() => Promise<void>> = [];

/** Registers the after-each cleanup; call once at the top of a file that uses server(). */
export function useServers(): void {
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
}

/** A plain node:http server, for services that are not registries (Docker Hub's and Quay's APIs). */
export async function server(handler: Parameters<typeof serve>[0]): Promise<TestServer> {
  const s = await serve(handler);
  cleanup.push(() => s.close());
  return s;
}

/** A real registry with a fault proxy in front of it; `stop()` ends both. */
export interface Faulty {
  registry: RunningRegistry;
  proxy: FaultProxy;
  /** Push target (straight to the registry, never through the faults). */
  target: RegistryTarget;
  stop(): Promise<void>;
}

export async function faultyRegistry(opts: StartRegistryOptions = {}, rules: FaultRule[] = []): Promise<Faulty> {
  const registry = await startRegistry(opts);
  const proxy = await startFaultProxy(registry.url, rules);
  return {
    registry,
    proxy,
    target: { url: registry.url },
    stop: async () => {
      await proxy.stop();
      await registry.stop();
    },
  };
}

/** A single-platform OCI image under repo:tag. */
export function pushSingle(target: RegistryTarget, repo: string, tag: string, platform: Plat, seed?: string): Promise<PushResult> {
  return pushImage(target, repo, tag, { format: "oci-image", platform, seed: seed ?? `${repo}:${tag}` });
}

export function client(hosts: string[], extra: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ insecureRegistries: hosts, credentials: anonymous, backoffBaseMs: 10, ...extra });
}

export async function failure(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error("expected a RegistryError");
}

/** A registry-style error body, as the fault proxy should answer it. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ code, message }] });
}
