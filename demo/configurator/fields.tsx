/** Form fields of the configurator: a label, the control, a hint and the validator's errors. */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { ConfigError } from '../../src/config/types';

/** A DOM id derived from a config path, e.g. `purposes[0].label` → `f-purposes-0-label`. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** Human words for what the validator expected (its own sentence, prefixed by the value found). */
function errorText(e: ConfigError): string {
  let got: string;
  try {
    got = JSON.stringify(e.value) ?? 'nothing';
  } catch {
    got = String(e.value);
  }
  if (got.length > 60) got = `${got.slice(0, 57)}…`;
  return `Expected ${e.expected} (found ${got}).`;
}

/** The errors under a field, announced to screen readers with the field (aria-describedby). */
export function FieldErrors({
  id,
  errors,
  path,
}: {
  id: string;
  errors: ConfigError[];
  path?: string;
}) {
  if (!errors.length) return null;
  return (
    <ul class="field-errors" id={`${id}-err`}>
      {errors.map((e) => (
        <li key={e.path + e.expected}>
          {e.path !== path && <code>{e.path}</code>} {errorText(e)}
        </li>
      ))}
    </ul>
  );
}

/** What goes under a control: its hint, then the validator's errors. */
function Foot({ id, hint, errors, path }: Base & { id: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldErrors id={id} errors={errors} path={path} />
    </>
  );
}

interface Base {
  label: string;
  path: string;
  errors: ConfigError[];
  hint?: ComponentChildren;
}

const describedBy = (id: string, hint: unknown, errors: ConfigError[]) =>
  [hint ? `${id}-hint` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ') ||
  undefined;

/**
 * A text field. With `markup`, a small toolbar wraps the selection in the markup subset the
 * widget renders (bold, italic, links): marketers never type HTML.
 */
export function TextField(
  props: Base & {
    value: string;
    placeholder?: string;
    multiline?: boolean;
    markup?: boolean;
    onInput: (v: string) => void;
    type?: string;
    onReset?: () => void;
  },
) {
  const id = fieldId(props.path);
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const wrap = (before: string, after: string, fill: string) => {
    const el = ref.current;
    if (!el) return;
    const { selectionStart: s = 0, selectionEnd: e = 0, value } = el;
    const inner = value.slice(s ?? 0, e ?? 0) || fill;
    const next = value.slice(0, s ?? 0) + before + inner + after + value.slice(e ?? 0);
    props.onInput(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange((s ?? 0) + before.length, (s ?? 0) + before.length + inner.length);
    });
  };
  const common = {
    id,
    ref,
    value: props.value,
    placeholder: props.placeholder,
    'aria-invalid': props.errors.length ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, props.hint || props.markup, props.errors),
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`field${props.errors.length ? ' invalid' : ''}`}>
      <div class="field-head">
        <label for={id}>{props.label}</label>
        {props.markup && (
          // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a set of form fields.
          <span class="md-tools" role="group" aria-label={`Format ${props.label}`}>
            <button type="button" title="Bold: **text**" onClick={() => wrap('**', '**', 'bold')}>
              <b>B</b>
            </button>
            <button type="button" title="Italic: *text*" onClick={() => wrap('*', '*', 'italic')}>
              <i>I</i>
            </button>
            <button
              type="button"
              title="Link: [text](https://…)"
              onClick={() => wrap('[', '](https://)', 'link text')}
            >
              Link
            </button>
          </span>
        )}
        {props.onReset && props.value !== '' && (
          <button type="button" class="reset" onClick={props.onReset}>
            Use default
          </button>
        )}
      </div>
      {props.multiline ? (
        <textarea {...common} rows={props.value.length > 160 ? 5 : 3} />
      ) : (
        <input {...common} type={(props.type ?? 'text') as 'text'} />
      )}
      {(props.hint || props.markup) && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
          {props.markup && (
            <>
              {props.hint ? ' ' : ''}Markup: <code>**bold**</code>, <code>*italic*</code>,{' '}
              <code>[text](https://…)</code>, a new line for a line break.
            </>
          )}
        </p>
      )}
      <FieldErrors id={id} errors={props.errors} path={props.path} />
    </div>
  );
}

/** A select among fixed options. */
export function SelectField(
  props: Base & { value: string; options: [string, string][]; onChange: (v: string) => void },
) {
  const id = fieldId(props.path);
  return (
    <div class={`field${props.errors.length ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <Foot id={id} {...props} />
    </div>
  );
}

/** A checkbox with its label on the right. */
export function CheckField(
  props: Base & { checked: boolean; onChange: (v: boolean) => void; disabled?: boolean },
) {
  const id = fieldId(props.path);
  return (
    <div class={`field check${props.errors.length ? ' invalid' : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={describedBy(id, props.hint, props.errors)}
        onChange={(e) => props.onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{props.label}</label>
      <Foot id={id} {...props} />
    </div>
  );
}

/** A colour: the native picker and the hex value side by side (the validator wants hex). */
export function ColorField(
  props: Base & { value: string; placeholder: string; onInput: (v: string) => void },
) {
  const id = fieldId(props.path);
  const hex = /^#[0-9a-f]{3}$/i.test(props.value)
    ? props.value.replace(/[0-9a-f]/gi, (c) => c + c)
    : /^#[0-9a-f]{6}$/i.test(props.value)
      ? props.value
      : props.placeholder;
  return (
    <div class={`field color${props.errors.length ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <div class="color-row">
        <input
          type="color"
          value={hex}
          aria-label={`${props.label}: colour picker`}
          onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        />
        <input
          id={id}
          type="text"
          value={props.value}
          placeholder={props.placeholder}
          spellcheck={false}
          aria-invalid={props.errors.length ? 'true' : undefined}
          aria-describedby={describedBy(id, props.hint, props.errors)}
          onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      <Foot id={id} {...props} />
    </div>
  );
}

/** A segmented control (radio group look-alike made of pressed buttons). */
export function Segmented<T extends string>(props: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (v: T) => void;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: pressed toggle buttons, not form fields to submit.
    <div class="segmented" role="group" aria-label={props.label}>
      {props.options.map(([v, l]) => (
        <button
          key={v}
          type="button"
          aria-pressed={props.value === v}
          onClick={() => props.onChange(v)}
        >
          {l}
        </button>
      ))}
    </div>
  );
}
