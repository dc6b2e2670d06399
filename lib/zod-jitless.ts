// zod 4 probes for eval support with `new Function("")` the first time it parses an object. The
// probe's exception is caught, but under the pages' strict CSP (no 'unsafe-eval') Chromium still
// reports it as a violation. jitless skips the probe (zod then uses its interpreter, which is
// what it would fall back to anyway).
import { z } from "zod";

z.config({ jitless: true });
