/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import type { ResolvedConfig } from '../config/types';
import type { TextKey } from '../i18n';
import { localize } from '../i18n/localize';
import { Fragment, h } from './h';
import { RichText } from './rich-text';

/** The preferences: one switch per purpose, none pre-ticked before a first decision. */
export function PreferencesDialog(props: {
  t: (k: TextKey) => string;
  lang: string;
  config: ResolvedConfig;
  choices: Record<string, boolean>;
  onToggle: (id: string, on: boolean) => void;
  /** The purpose exempt from consent (CNIL audience measurement), if any. */
  exempt: string | null;
  gpc: boolean;
  onSave: () => void;
  onAcceptAll: () => void;
  onRejectAll: () => void;
  onDismiss: () => void;
}) {
  const { t, lang, config, choices, exempt } = props;

  // Tab wraps inside the dialog even where <dialog> is not modal (older engines, test DOMs).
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onDismiss();
      return;
    }
    if (e.key !== 'Tab') return;
    const d = e.currentTarget as HTMLElement;
    const f = Array.from(d.querySelectorAll<HTMLElement>('button,input,a[href]'));
    const root = d.getRootNode() as ShadowRoot;
    const i = f.indexOf(root.activeElement as HTMLElement);
    if (e.shiftKey ? i <= 0 : i === f.length - 1) {
      e.preventDefault();
      f[e.shiftKey ? f.length - 1 : 0].focus();
    }
  };

  return (
    <dialog
      aria-labelledby="cp-t"
      aria-describedby="cp-d"
      onKeyDown={onKeyDown}
      onCancel={(e: Event) => {
        e.preventDefault();
        props.onDismiss();
      }}
    >
      <div class="dlg">
        <div class="hd">
          <h2 id="cp-t">{t('prefs.title')}</h2>
          <button type="button" class="x" onClick={props.onDismiss}>
            {t('prefs.close')}
          </button>
        </div>
        <div class="sc">
          <p id="cp-d">
            <RichText text={t('prefs.text')} />
            {config.notice.policyUrl && (
              <>
                {' '}
                <a class="pl" href={config.notice.policyUrl}>
                  {t('banner.policy')}
                </a>
              </>
            )}
          </p>
          {config.purposes.map((p) => {
            const id = `cp-${p.id}`;
            const note =
              p.id === exempt
                ? t('prefs.exempt')
                : props.gpc && config.gpc.refuse.includes(p.id)
                  ? t('prefs.gpc')
                  : '';
            const desc = localize(p.description, lang);
            return (
              <div class="pu">
                <div class="row">
                  {p.required ? (
                    <>
                      <strong>{localize(p.label, lang)}</strong>
                      <span class="on">{t('prefs.required')}</span>
                    </>
                  ) : (
                    <>
                      <label for={id}>{localize(p.label, lang)}</label>
                      <input
                        id={id}
                        type="checkbox"
                        // biome-ignore lint/a11y/useAriaPropsForRole: ARIA in HTML: a native checkbox exposes its own checked state; aria-checked must not be set on it.
                        role="switch"
                        aria-describedby={desc || note ? `${id}-d` : undefined}
                        checked={!!choices[p.id]}
                        onChange={(e: Event) =>
                          props.onToggle(p.id, (e.target as HTMLInputElement).checked)
                        }
                      />
                    </>
                  )}
                </div>
                {(desc || note) && (
                  <p class="sm" id={`${id}-d`}>
                    <RichText text={desc} />
                    {note && (
                      <>
                        {desc && ' '}
                        <strong>{note}</strong>
                      </>
                    )}
                  </p>
                )}
                {p.services.length > 0 && (
                  <p class="sm">
                    {t('prefs.services')} {p.services.join(', ')}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        <div class="ft acts">
          <button type="button" class="btn" onClick={props.onRejectAll}>
            {t('prefs.rejectAll')}
          </button>
          <button type="button" class="btn" onClick={props.onAcceptAll}>
            {t('prefs.acceptAll')}
          </button>
          <button type="button" class="btn" onClick={props.onSave}>
            {t('prefs.save')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
