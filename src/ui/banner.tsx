/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import type { TextKey } from '../i18n';
import { Fragment, h } from './h';
import { RichText } from './rich-text';

/** The first layer. CNIL 2020-092: refusing is as easy as accepting, so the three actions look alike. */
export function Banner(props: {
  t: (k: TextKey) => string;
  policyUrl: string | null;
  onAccept: () => void;
  onReject: () => void;
  onCustomize: () => void;
  /** A pointer or focus is on « Personnaliser »: the dialog's file can be fetched already. */
  onWarm: () => void;
  onClose: () => void;
}) {
  const { t } = props;
  return (
    <div
      class="b"
      role="dialog"
      aria-modal="false"
      aria-labelledby="cb-t"
      aria-describedby="cb-d"
      tabindex="-1"
    >
      <div class="hd">
        <h2 id="cb-t">{t('banner.title')}</h2>
        {/* CNIL: "continuer sans accepter" must be as visible as a close button; it records a refusal. */}
        <button type="button" class="x" onClick={props.onClose}>
          {t('banner.close')}
        </button>
      </div>
      <p id="cb-d">
        <RichText text={t('banner.text')} />
        {props.policyUrl && (
          <>
            {' '}
            <a class="pl" href={props.policyUrl}>
              {t('banner.policy')}
            </a>
          </>
        )}
      </p>
      <div class="acts">
        <button type="button" class="btn" onClick={props.onAccept}>
          {t('banner.acceptAll')}
        </button>
        <button type="button" class="btn" onClick={props.onReject}>
          {t('banner.rejectAll')}
        </button>
        <button
          type="button"
          class="btn"
          onClick={props.onCustomize}
          onPointerEnter={props.onWarm}
          onFocus={props.onWarm}
        >
          {t('banner.customize')}
        </button>
      </div>
    </div>
  );
}
