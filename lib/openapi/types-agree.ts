// Compile-time only: the published schemas (responses.ts) and the TypeScript names the app
// imports (lib/api-types.ts) must describe the same shapes, both ways. `npx tsc --noEmit` fails
// here when one side gains or changes a field the other lacks.
import type { z } from "zod";
import type * as T from "../api-types";
import type { Viewer as SessionViewer } from "../auth/session";
import type { DocumentCheck as CheckResult } from "../workloads/check";
import type { ApiWebhook, ApiWebhookDelivery } from "../queries/webhooks";
import type * as R from "./responses";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out<S extends z.ZodType> = z.output<S>;

export type Agreement = [
  Same<Out<typeof R.ErrorBody>, T.ApiErrorBody>,
  Same<Out<typeof R.Platform>, T.ApiPlatform>,
  Same<Out<typeof R.TagCoverage>, T.ApiTagCoverage>,
  Same<Out<typeof R.TagPolicy>, T.TagPolicy>,
  Same<Out<typeof R.Repository>, T.ApiRepository>,
  Same<Out<typeof R.Scan>, T.ApiScan>,
  Same<Out<typeof R.ChangeEvent>, T.ApiChangeEvent>,
  Same<Out<typeof R.Cell>, T.ApiCell>,
  Same<Out<typeof R.RepositoryRow>, T.ApiRepositoryRow>,
  Same<Out<typeof R.ColumnSummary>, T.ApiColumnSummary>,
  Same<Out<typeof R.CoverageResponse>, T.CoverageResponseFull>,
  Same<Out<typeof R.RepositoryDetail>, T.RepositoryDetailResponse>,
  Same<Out<typeof R.TrendPoint>, T.TrendPoint>,
  Same<Out<typeof R.RegistryInfo>, T.ApiRegistry>,
  Same<Out<typeof R.BulkAdd>, T.BulkAddResponse>,
  Same<Out<typeof R.DocumentCheck>, CheckResult>,
  Same<Out<typeof R.Viewer>, SessionViewer>,
  Same<Out<typeof R.WebhookDelivery>, ApiWebhookDelivery>,
  Same<Out<typeof R.Webhook>, ApiWebhook>,
  Same<Out<typeof R.Waiver>, T.ApiWaiver>,
  Same<Out<typeof R.Settings>, T.ApiSettings>,
];
const agreed: Agreement = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
void agreed;
