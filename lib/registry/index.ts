// lib/registry: the OCI distribution client. No Next, no Prisma, relative imports only.
export * from "./types";
export * from "./errors";
export * from "./reference";
export * from "./media-types";
export * from "./platform";
export { AddressPolicy, blockedReason, isHostName, splitHostPort, REFUSED_BY_POLICY, type Lookup, type PinnedAddress } from "./address";
export { checkedRequest } from "./http";
export { parseWwwAuthenticate, pickChallenge, parseTokenResponse, TokenCache, type Challenge, type AuthScheme } from "./auth";
export { DockerConfigCredentials, normalizeAuthKey, type Credential, type CredentialSource } from "./credentials";
export { parseRetryAfter, parseRateLimit, backoffDelay, isRetryableStatus } from "./retry";
export type { RequestEvent, RequestCounter } from "./transport";
export { parseNextLink } from "./listing";
export { RegistryClient, MemoryConfigCache, type RegistryClientOptions, type FetchedManifest } from "./client";
export { selectTags, policyNeedsListing, compileTagPattern, tagPolicyProblem, sortNewestFirst } from "./tag-policy";
export { ARCH_PREFIXES, findSiblings, officialName } from "./siblings";
export { readBaseAnnotations, BASE_NAME_ANNOTATION, BASE_DIGEST_ANNOTATION } from "./base-annotations";
