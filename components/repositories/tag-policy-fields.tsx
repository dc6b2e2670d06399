import { RadioGroup, TextField } from "./form-controls";
import { POLICY_KINDS, type TagPolicyErrors, type TagPolicyState } from "./tag-policy";

/** "Which tags to track" and the fields of the chosen policy. */
export function TagPolicyFields({
  value,
  onChange,
  errors,
}: {
  value: TagPolicyState;
  onChange: (patch: Partial<TagPolicyState>) => void;
  errors: TagPolicyErrors;
}) {
  return (
    <>
      <RadioGroup legend="Which tags to track" name="policy" options={POLICY_KINDS} value={value.kind} onChange={(kind) => onChange({ kind })} />
      {value.kind === "tags" ? (
        <TextField id="tags" label="Tags" value={value.tags} onChange={(tags) => onChange({ tags })} error={errors.tags} hint="Comma-separated. Default: latest." placeholder="latest, 1.27, 1.26" />
      ) : (
        <div className="grid gap-4 sm:grid-cols-3">
          {value.kind === "newest" ? (
            <TextField id="count" label="How many newest tags" value={value.count} onChange={(count) => onChange({ count })} error={errors.count} mono={false} number={{ min: 1, max: 100 }} />
          ) : null}
          <TextField id="include" label="Include patterns" value={value.include} onChange={(include) => onChange({ include })} hint="Globs, comma-separated, e.g. 1.*" placeholder="v*" />
          <TextField id="exclude" label="Exclude patterns" value={value.exclude} onChange={(exclude) => onChange({ exclude })} hint="e.g. *-rc*, *-debug" placeholder="*-rc*" />
          {value.kind === "pattern" ? (
            <TextField id="max" label="At most (optional)" value={value.max} onChange={(max) => onChange({ max })} error={errors.max} mono={false} hint="Newest first." number={{ min: 1, max: 10000 }} />
          ) : null}
        </div>
      )}
    </>
  );
}
