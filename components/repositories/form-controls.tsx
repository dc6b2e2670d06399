// The pieces every add form repeats: a radio row, a text field, the submit button and the
// form-level error. One copy each keeps the four modes looking and behaving the same.
import { buttonClass, inputClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/section";

export function RadioGroup<K extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<readonly [K, string]>;
  value: K;
  onChange: (value: K) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-1 text-sm">
        {options.map(([k, l]) => (
          <label key={k} className="inline-flex items-center gap-1.5">
            <input type="radio" name={name} value={k} checked={value === k} onChange={() => onChange(k)} className="accent-indigo-600" />
            {l}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: React.ReactNode;
  error?: string | null;
  placeholder?: string;
}

/** A labelled one-line input; monospaced by default, since most of them hold names and globs. */
export function TextField({
  mono = true,
  number,
  onBlur,
  ...f
}: FieldProps & {
  mono?: boolean;
  /** Bounds of a whole-number input. */
  number?: { min: number; max: number };
  onBlur?: () => void;
}) {
  return (
    <Field id={f.id} label={f.label} hint={f.hint} error={f.error}>
      {(p) => (
        <input
          {...p}
          {...(number ? { type: "number", min: number.min, max: number.max } : { autoComplete: "off", spellCheck: false })}
          value={f.value}
          placeholder={f.placeholder}
          onChange={(e) => f.onChange(e.target.value)}
          onBlur={onBlur}
          className={mono ? `${inputClass} font-mono` : inputClass}
        />
      )}
    </Field>
  );
}

/** A labelled monospaced textarea for lists and files. */
export function TextAreaField({ small, ...f }: FieldProps & { small?: boolean }) {
  return (
    <Field id={f.id} label={f.label} hint={f.hint} error={f.error}>
      {(p) => (
        <textarea
          {...p}
          rows={8}
          value={f.value}
          spellCheck={false}
          placeholder={f.placeholder}
          onChange={(e) => f.onChange(e.target.value)}
          className={`${inputClass} font-mono${small ? " text-xs" : ""}`}
        />
      )}
    </Field>
  );
}

export function SubmitButton({ pending, pendingLabel, children }: { pending: boolean; pendingLabel: string; children: React.ReactNode }) {
  return (
    <button type="submit" className={buttonClass("primary")} disabled={pending}>
      {pending ? pendingLabel : children}
    </button>
  );
}

export function FormError({ message }: { message?: string | null }) {
  return message ? <ErrorNote error={new Error(message)} /> : null;
}
