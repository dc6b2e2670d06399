// lib/webhooks: outgoing notifications of scan findings (see README "Webhooks").
export { FINDING_TYPES, findingType, type FindingType } from "./payload";
export { SIGNATURE_HEADER, signatureHeader, verifySignature } from "./sign";
export { dispatcher, notifyFindings, startWebhooks, retryDelay, MAX_ATTEMPTS } from "./deliver";
export { checkTarget, allowedHosts } from "./policy";
export { WebhookInputSchema, createWebhookChecked, type WebhookInput } from "./config";
