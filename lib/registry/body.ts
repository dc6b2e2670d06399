// The error of a bounded body read. The reads themselves are RawResponse.readCapped/readTruncated
// in http.ts (node's IncomingMessage: stream and stop past the cap, so no registry can make us
// buffer more); transport.ts and auth.ts turn this into their own RegistryError.

/** Thrown when a body is larger than allowed: `declared` when Content-Length said so before reading. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly declared?: number) {
    super(`body larger than ${limit} bytes`);
  }
}
