/**
 * The marketers' configurator: every text of the banner, the preferences and the form profiles
 * in French and English, purposes, notice version, colours and position, validated by the
 * widget's own validator and previewed live with the real widget.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  CachetConfig,
  ConfigError,
  FormProfile,
  Localized,
  PurposeConfig,
} from '../../src/config/types';
import { validateConfig } from '../../src/config/validate';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import example from '../cachet.config.json';
import {
  changedWording,
  clone,
  errorsAt,
  exportJson,
  getIn,
  type Install,
  LANGS,
  type Lang,
  loadWorkspace,
  localizedGet,
  localizedSet,
  needsVersionBump,
  parseImport,
  saveWorkspace,
  scriptTag,
  setIn,
  today,
  type Workspace,
  warningsOf,
} from './draft';
import { CheckField, ColorField, fieldId, Segmented, SelectField, TextField } from './fields';
import { PreviewFrame, type PreviewOptions } from './preview-frame';

const BUILT_IN: Record<Lang, Record<string, string>> = { fr, en };
const LANG_NAMES: Record<Lang, string> = { fr: 'Français', en: 'English' };

/** Labels of the built-in text keys; keys added later show under their own name. */
const KEY_LABELS: Record<string, string> = {
  'banner.title': 'Title',
  'banner.text': 'Text',
  'banner.acceptAll': '“Accept all” button',
  'banner.rejectAll': '“Refuse all” button',
  'banner.customize': '“Customise” button',
  'banner.close': '“Continue without accepting” link',
  'banner.policy': 'Privacy policy link',
  'reopen.label': 'Reopen button and footer link',
  'prefs.title': 'Title',
  'prefs.text': 'Introduction',
  'prefs.save': '“Save” button',
  'prefs.acceptAll': '“Accept all” button',
  'prefs.rejectAll': '“Refuse all” button',
  'prefs.close': '“Close” button',
  'prefs.required': 'Label of always-on purposes',
  'prefs.services': 'Services heading',
  'prefs.gpc': 'Note when the browser sends Global Privacy Control',
  'prefs.exempt': 'Note for exempt audience measurement',
  'placeholder.text': 'Blocked embed placeholder ({purpose} = purpose name)',
  'placeholder.accept': 'Blocked embed “accept” button',
  'form.text': 'Default checkbox text (profiles without their own)',
  'form.error': 'Error when the box is not ticked',
};
const LONG = /\.(text|gpc|exempt)$/;
const KEYS = Object.keys(fr);

type Tab = 'banner' | 'prefs' | 'purposes' | 'forms' | 'look' | 'export';
const TABS: [Tab, string][] = [
  ['banner', 'Banner'],
  ['prefs', 'Preferences'],
  ['purposes', 'Purposes'],
  ['forms', 'Forms'],
  ['look', 'Notice & look'],
  ['export', 'Export'],
];
/** Which tab shows a field named by the validator's path. */
function tabOf(path: string): Tab {
  if (path.startsWith('purposes')) return 'purposes';
  if (path.startsWith('forms') || (path.startsWith('texts') && path.includes('form.')))
    return 'forms';
  if (path.startsWith('texts')) return path.includes('prefs.') ? 'prefs' : 'banner';
  if (/^(notice|theme|ui|cookie)/.test(path)) return 'look';
  return 'export';
}

function startWorkspace(): Workspace {
  const origin = typeof location === 'undefined' ? 'https://www.example.com' : location.origin;
  const config = clone(example) as CachetConfig;
  return {
    draft: config,
    baseline: clone(config),
    install: {
      src: `${origin}/cachet.js`,
      configUrl: '/cachet.config.json',
      site: origin,
      endpoint: 'http://127.0.0.1:8787/v1/records',
    },
    savedAt: new Date().toISOString(),
  };
}

/** The configurator page. */

/** A list of fields to look at (errors or warnings); each path opens its field. */
function ProblemList(props: {
  kind: 'bad' | 'warn';
  title: string;
  items: { path: string; message: string }[];
  onPick: (path: string) => void;
}) {
  if (!props.items.length) return null;
  return (
    <div class={`alert ${props.kind}`} role="status">
      <strong>{props.title}</strong>
      <ul>
        {props.items.map((w) => (
          <li key={w.path + w.message}>
            <button type="button" class="linkish" onClick={() => props.onPick(w.path)}>
              <code>{w.path}</code>
            </button>{' '}
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function App() {
  const [ws, setWs] = useState<Workspace>(() => loadWorkspace(localStorage, startWorkspace));
  const [lang, setLang] = useState<Lang>('fr');
  const [tab, setTab] = useState<Tab>('banner');
  const [preview, setPreview] = useState<Omit<PreviewOptions, 'lang' | 'config'>>({
    view: 'banner',
    scheme: 'light',
    // On a phone the marketer first sees the phone layout.
    width: typeof innerWidth === 'number' && innerWidth < 700 ? 'mobile' : 'desktop',
    profile: 'default',
  });
  const [saved, setSaved] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => setSaved(saveWorkspace(localStorage, ws)), [ws]);

  const draft = ws.draft;
  const { errors, config: resolved } = useMemo(
    () => validateConfig(draft, { origin: location.origin, htmlLang: lang }),
    [draft, lang],
  );
  const warnings = useMemo(() => warningsOf(draft), [draft]);
  const changed = useMemo(() => changedWording(draft, ws.baseline), [draft, ws.baseline]);
  const bump = needsVersionBump(draft, ws.baseline);

  const update = (path: (string | number)[], value: unknown) =>
    setWs((w) => ({ ...w, draft: setIn(w.draft, path, value), savedAt: new Date().toISOString() }));
  const errs = (path: string) => errorsAt(errors, path);

  /** Opens the tab of a field and puts focus in it (from the lists of problems). */
  const goField = (path: string) => {
    goTab(tabOf(path));
    requestAnimationFrame(() => document.getElementById(fieldId(path))?.focus());
  };

  // The preview follows what is being edited.
  const goTab = (t: Tab) => {
    setTab(t);
    const view =
      t === 'banner'
        ? 'banner'
        : t === 'prefs' || t === 'purposes'
          ? 'prefs'
          : t === 'forms'
            ? 'form'
            : null;
    if (view) setPreview((p) => ({ ...p, view }));
  };

  const text = (key: string) => {
    const path = ['texts', lang, key];
    const value = (getIn(draft, path) as string | undefined) ?? '';
    return (
      <TextField
        key={`${lang}-${key}`}
        label={KEY_LABELS[key] ?? key}
        path={`texts.${lang}.${key}`}
        value={value}
        placeholder={BUILT_IN[lang][key] ?? ''}
        multiline={LONG.test(key)}
        markup={LONG.test(key)}
        errors={errs(`texts.${lang}.${key}`)}
        hint={value ? undefined : 'Empty: Cachet’s default wording (shown in grey) is used.'}
        onInput={(v) => update(path, v === '' ? undefined : v)}
        onReset={() => update(path, undefined)}
      />
    );
  };

  const localized = (
    label: string,
    path: (string | number)[],
    opts: { multiline?: boolean; markup?: boolean; hint?: string } = {},
  ) => {
    const v = getIn(draft, path) as Localized | undefined;
    const p = path
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
      .join('')
      .slice(1);
    return (
      <TextField
        key={`${lang}-${p}`}
        label={`${label} (${lang.toUpperCase()})`}
        path={p}
        value={localizedGet(v, lang)}
        multiline={opts.multiline}
        markup={opts.markup}
        hint={opts.hint}
        errors={errs(p)}
        onInput={(s) => update(path, localizedSet(v, lang, s))}
      />
    );
  };

  return (
    <div class="app">
      <header class="topbar">
        <div class="brand">
          <span class="mark" aria-hidden="true" />
          <div>
            <h1>Cachet configurator</h1>
            <p>Wording, purposes and look of the consent banner and form checkboxes — no code.</p>
          </div>
        </div>
        <div class="status">
          {errors.length === 0 ? (
            <span class="badge ok">Config valid</span>
          ) : (
            <span class="badge bad">
              {errors.length} problem{errors.length > 1 ? 's' : ''}
            </span>
          )}
          <span class="saved" aria-live="polite">
            {saved ? 'Draft saved in this browser' : 'Could not save the draft in this browser'}
          </span>
          <a class="top-link" href="/">
            Demo site
          </a>
        </div>
      </header>

      <div class="layout">
        <div class="editor">
          <div class="lang-bar">
            <span id="edit-lang-label">Editing the wording in</span>
            <Segmented
              label="Language being edited"
              value={lang}
              options={LANGS.map((l) => [l, LANG_NAMES[l]])}
              onChange={setLang}
            />
          </div>

          {bump && (
            <div class="alert warn" role="status">
              <strong>New wording, same notice version.</strong> You changed {changed.length} text
              {changed.length > 1 ? 's' : ''} ({changed.slice(0, 3).join(', ')}
              {changed.length > 3 ? ', …' : ''}) but the notice version is still “
              {draft.notice?.version ?? '1'}”. Visitors who already decided would not be asked again
              about the new wording.
              <div>
                <button
                  type="button"
                  class="btn small"
                  onClick={() => update(['notice', 'version'], today())}
                >
                  Set the version to {today()}
                </button>
              </div>
            </div>
          )}
          <ProblemList
            kind="bad"
            title={`${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before export:`}
            items={errors.map((e) => ({ path: e.path, message: `expected ${e.expected}` }))}
            onPick={goField}
          />
          <ProblemList
            kind="warn"
            title={`${warnings.length} thing${warnings.length > 1 ? 's' : ''} to check (the export still works):`}
            items={warnings}
            onPick={goField}
          />

          <div class="tabs" role="tablist" aria-label="Settings">
            {TABS.map(([t, label]) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`tab-${t}`}
                aria-selected={tab === t}
                aria-controls="tab-panel"
                class={errors.some((e) => tabOf(e.path) === t) ? 'has-error' : undefined}
                onClick={() => goTab(t)}
              >
                {label}
              </button>
            ))}
          </div>

          <div class="panel" role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab}`}>
            {tab === 'banner' && (
              <>
                <p class="intro">
                  The first layer visitors see. Refusing must be as easy as accepting (CNIL), so
                  both buttons always look the same.
                </p>
                {KEYS.filter((k) => k.startsWith('banner.') || k.startsWith('reopen.')).map(text)}
              </>
            )}
            {tab === 'prefs' && (
              <>
                <p class="intro">The dialog where visitors choose purpose by purpose.</p>
                {KEYS.filter((k) => k.startsWith('prefs.')).map(text)}
                <h3>Other texts</h3>
                {KEYS.filter((k) => !/^(banner|prefs|reopen|form)\./.test(k)).map(text)}
              </>
            )}
            {tab === 'purposes' && (
              <Purposes
                draft={draft}
                resolved={resolved?.purposes}
                errs={errs}
                update={update}
                localized={localized}
              />
            )}
            {tab === 'forms' && (
              <Forms
                draft={draft}
                errs={errs}
                update={update}
                localized={localized}
                text={text}
                onProfile={(p) => setPreview((o) => ({ ...o, profile: p, view: 'form' }))}
              />
            )}
            {tab === 'look' && <Look draft={draft} errs={errs} update={update} />}
            {tab === 'export' && (
              <Export
                ws={ws}
                valid={errors.length === 0}
                onInstall={(install) => setWs((w) => ({ ...w, install }))}
                onExported={() => setWs((w) => ({ ...w, baseline: clone(w.draft) }))}
                onImport={(config, name) => {
                  setWs((w) => ({ ...w, draft: config, baseline: clone(config) }));
                  setNotice(`Imported ${name}.`);
                }}
                onReset={() => {
                  setWs((w) => ({ ...startWorkspace(), install: w.install }));
                  setNotice('Started again from the SOCIATEX example.');
                }}
                notice={notice}
              />
            )}
          </div>
        </div>

        <aside class="preview" aria-label="Live preview">
          <div class="preview-bar">
            <Segmented
              label="Layer"
              value={preview.view}
              options={[
                ['banner', 'Banner'],
                ['prefs', 'Preferences'],
                ['form', 'Form'],
              ]}
              onChange={(view) => setPreview((p) => ({ ...p, view }))}
            />
            <Segmented
              label="Preview language"
              value={lang}
              options={LANGS.map((l) => [l, l.toUpperCase()])}
              onChange={setLang}
            />
            <Segmented
              label="Colour scheme"
              value={preview.scheme}
              options={[
                ['light', 'Light'],
                ['dark', 'Dark'],
              ]}
              onChange={(scheme) => setPreview((p) => ({ ...p, scheme }))}
            />
            <Segmented
              label="Width"
              value={preview.width}
              options={[
                ['desktop', 'Desktop'],
                ['mobile', 'Mobile'],
              ]}
              onChange={(width) => setPreview((p) => ({ ...p, width }))}
            />
            {preview.view === 'form' && (
              <label class="profile-pick">
                Profile{' '}
                <select
                  value={preview.profile}
                  onChange={(e) =>
                    setPreview((p) => ({
                      ...p,
                      profile: (e.currentTarget as HTMLSelectElement).value,
                    }))
                  }
                >
                  {Object.keys(
                    (draft.forms ? draft.forms.profiles : undefined) || { default: 1 },
                  ).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <PreviewFrame {...preview} lang={lang} config={draft} />
          <p class="preview-note">
            The real widget, rendered with your draft. Click around: nothing is recorded.
          </p>
        </aside>
      </div>
    </div>
  );
}

type Update = (path: (string | number)[], value: unknown) => void;
type Errs = (path: string) => ConfigError[];
type LocalizedField = (
  label: string,
  path: (string | number)[],
  opts?: { multiline?: boolean; markup?: boolean; hint?: string },
) => preact.JSX.Element;

function Purposes(props: {
  draft: CachetConfig;
  resolved: PurposeConfig[] | undefined;
  errs: Errs;
  update: Update;
  localized: LocalizedField;
}) {
  const { draft, errs, update, localized } = props;
  if (!draft.purposes)
    return (
      <>
        <p class="intro">
          This config uses Cachet’s default purposes (audience measurement and personalised
          communication).
        </p>
        <button
          type="button"
          class="btn"
          onClick={() => update(['purposes'], clone(props.resolved ?? []))}
        >
          Customise the purposes
        </button>
      </>
    );
  const list = draft.purposes;
  const move = (i: number, d: number) => {
    const next = [...list];
    const [p] = next.splice(i, 1);
    next.splice(i + d, 0, p);
    update(['purposes'], next);
  };
  return (
    <>
      <p class="intro">
        A purpose is why data is processed; visitors accept or refuse each one. Its id goes in every
        consent record, so change it only for a new purpose.
      </p>
      {list.map((p, i) => (
        <fieldset class="card" key={i}>
          <legend>
            Purpose {i + 1}: <code>{p.id || '(no id)'}</code>
          </legend>
          <div class="card-tools">
            <button
              type="button"
              disabled={i === 0}
              onClick={() => move(i, -1)}
              aria-label={`Move ${p.id} up`}
            >
              ↑
            </button>
            <button
              type="button"
              disabled={i === list.length - 1}
              onClick={() => move(i, 1)}
              aria-label={`Move ${p.id} down`}
            >
              ↓
            </button>
            <button type="button" class="danger" onClick={() => update(['purposes', i], undefined)}>
              Remove
            </button>
          </div>
          <div class="row">
            <TextField
              label="Id"
              path={`purposes[${i}].id`}
              value={p.id ?? ''}
              errors={errs(`purposes[${i}].id`)}
              hint="Lowercase letters, digits, - or _."
              onInput={(v) => update(['purposes', i, 'id'], v)}
            />
            <TextField
              label="Services"
              path={`purposes[${i}].services`}
              value={(p.services ?? []).join(', ')}
              errors={errs(`purposes[${i}].services`)}
              hint="Comma-separated, e.g. matomo."
              onInput={(v) => {
                // Keep a trailing empty entry while typing, so "matomo, " can become "matomo, x".
                const parts = v.split(',').map((s) => s.trim());
                update(
                  ['purposes', i, 'services'],
                  v.trim() ? parts.filter((s, k) => s || k === parts.length - 1) : undefined,
                );
              }}
            />
          </div>
          <CheckField
            label="Strictly necessary (always on, no switch)"
            path={`purposes[${i}].required`}
            checked={!!p.required}
            errors={errs(`purposes[${i}].required`)}
            onChange={(v) => update(['purposes', i, 'required'], v || undefined)}
          />
          {localized('Label', ['purposes', i, 'label'])}
          {localized('Description', ['purposes', i, 'description'], {
            multiline: true,
            markup: true,
          })}
        </fieldset>
      ))}
      <button
        type="button"
        class="btn"
        onClick={() =>
          update(['purposes', list.length], {
            id: `purpose-${list.length + 1}`,
            label: { fr: 'Nouvelle finalité', en: 'New purpose' },
          })
        }
      >
        Add a purpose
      </button>
    </>
  );
}

function Forms(props: {
  draft: CachetConfig;
  errs: Errs;
  update: Update;
  localized: LocalizedField;
  text: (key: string) => preact.JSX.Element;
  onProfile: (name: string) => void;
}) {
  const { draft, errs, update, localized } = props;
  const forms = draft.forms;
  const purposeIds = (draft.purposes ?? []).map((p) => p.id);
  const [newName, setNewName] = useState('');
  if (forms === false)
    return (
      <CheckField
        label="Add a consent checkbox to the site’s forms"
        path="forms"
        checked={false}
        errors={[]}
        onChange={() => update(['forms'], undefined)}
      />
    );
  const profiles = forms?.profiles ?? {};
  const rename = (from: string, to: string) => {
    const next: Record<string, FormProfile> = {};
    for (const [k, v] of Object.entries(profiles)) next[k === from ? to : k] = v;
    update(['forms', 'profiles'], next);
  };
  return (
    <>
      <p class="intro">
        Forms marked <code>data-cachet</code> get a consent checkbox.{' '}
        <code>data-cachet="newsletter"</code> uses the <code>newsletter</code> profile; an empty
        attribute uses <code>default</code>.
      </p>
      <CheckField
        label="Add a consent checkbox to the site’s forms"
        path="forms"
        checked
        errors={[]}
        onChange={() => update(['forms'], false)}
      />
      <TextField
        label="Forms selector"
        path="forms.selector"
        value={forms?.selector ?? ''}
        placeholder="form[data-cachet]"
        errors={errs('forms.selector')}
        onInput={(v) => update(['forms', 'selector'], v || undefined)}
      />
      {Object.entries(profiles).map(([name, p]) => (
        <fieldset class="card" key={name}>
          <legend>
            Profile <code>{name}</code>
          </legend>
          <div class="card-tools">
            <button type="button" onClick={() => props.onProfile(name)}>
              Preview
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => update(['forms', 'profiles', name], undefined)}
            >
              Remove
            </button>
          </div>
          <div class="field">
            <label for={fieldId(`forms.profiles.${name}.name`)}>Profile name</label>
            <input
              id={fieldId(`forms.profiles.${name}.name`)}
              type="text"
              value={name}
              aria-describedby={`${fieldId(`forms.profiles.${name}.name`)}-hint`}
              // Renamed when the field is left (change event), so typing does not move the focus.
              onChange={(e) => {
                const el = e.currentTarget as HTMLInputElement;
                const v = el.value.trim();
                if (v !== name && /^[A-Za-z0-9_-]+$/.test(v) && !profiles[v]) rename(name, v);
                else el.value = name;
              }}
            />
            <p class="hint" id={`${fieldId(`forms.profiles.${name}.name`)}-hint`}>
              The value of data-cachet on the form (letters, digits, - or _).
            </p>
          </div>
          <div class="field">
            <span class="label">Purposes granted by ticking the box</span>
            <div class="chips">
              {purposeIds.map((id) => (
                <label key={id} class="chip">
                  <input
                    type="checkbox"
                    checked={(p.purposes ?? []).includes(id)}
                    onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      const next = on
                        ? [...(p.purposes ?? []), id]
                        : (p.purposes ?? []).filter((x) => x !== id);
                      update(['forms', 'profiles', name, 'purposes'], next);
                    }}
                  />
                  {id}
                </label>
              ))}
            </div>
            {errs(`forms.profiles.${name}.purposes`).map((e) => (
              <p class="field-errors" key={e.path}>
                <code>{e.path}</code> expected {e.expected}.
              </p>
            ))}
          </div>
          <div class="row">
            <CheckField
              label="Required to send the form"
              path={`forms.profiles.${name}.required`}
              checked={p.required !== false}
              errors={errs(`forms.profiles.${name}.required`)}
              onChange={(v) =>
                update(['forms', 'profiles', name, 'required'], v ? undefined : false)
              }
            />
            <SelectField
              label="Placement"
              path={`forms.profiles.${name}.placement`}
              value={p.placement ?? 'before-submit'}
              options={[
                ['before-submit', 'Before the submit button'],
                ['slot', 'Inside [data-cachet-slot]'],
                ['end', 'At the end of the form'],
              ]}
              errors={errs(`forms.profiles.${name}.placement`)}
              onChange={(v) =>
                update(
                  ['forms', 'profiles', name, 'placement'],
                  v === 'before-submit' ? undefined : v,
                )
              }
            />
          </div>
          {localized('Checkbox text', ['forms', 'profiles', name, 'text'], {
            multiline: true,
            markup: true,
          })}
          {localized(
            'Alternative for those who would rather not consent',
            ['forms', 'profiles', name, 'alternative'],
            {
              multiline: true,
              markup: true,
            },
          )}
        </fieldset>
      ))}
      <div class="add-row">
        <label for="new-profile">New profile name</label>
        <input
          id="new-profile"
          value={newName}
          placeholder="e.g. quote"
          onInput={(e) => setNewName((e.currentTarget as HTMLInputElement).value.trim())}
        />
        <button
          type="button"
          class="btn"
          disabled={!/^[A-Za-z0-9_-]+$/.test(newName) || !!profiles[newName]}
          onClick={() => {
            update(['forms', 'profiles', newName], { purposes: purposeIds.slice(0, 1) });
            setNewName('');
          }}
        >
          Add a profile
        </button>
      </div>
      <h3>Shared form texts</h3>
      {props.text('form.text')}
      {props.text('form.error')}
    </>
  );
}

function Look(props: { draft: CachetConfig; errs: Errs; update: Update }) {
  const { draft, errs, update } = props;
  const theme = draft.theme ?? {};
  const ui = draft.ui ?? {};
  return (
    <>
      <h3>Notice</h3>
      <div class="row">
        <TextField
          label="Notice version"
          path="notice.version"
          value={draft.notice?.version ?? ''}
          placeholder="1"
          errors={errs('notice.version')}
          hint="Change it whenever the wording or the policy changes: every visitor is asked again."
          onInput={(v) => update(['notice', 'version'], v || undefined)}
        />
        <div class="field inline-btn">
          <button
            type="button"
            class="btn small"
            onClick={() => update(['notice', 'version'], today())}
          >
            Set to today ({today()})
          </button>
        </div>
      </div>
      <TextField
        label="Privacy policy URL"
        path="notice.policyUrl"
        type="url"
        value={draft.notice?.policyUrl ?? ''}
        placeholder="https://www.example.com/confidentialite"
        errors={errs('notice.policyUrl')}
        onInput={(v) => update(['notice', 'policyUrl'], v || undefined)}
      />
      <TextField
        label="Ask again after (days)"
        path="cookie.days"
        type="number"
        value={draft.cookie?.days === undefined ? '' : String(draft.cookie.days)}
        placeholder="180"
        errors={errs('cookie.days')}
        hint="CNIL: 6 months (180 days) is good practice; 13 months (395 days) at most."
        onInput={(v) => update(['cookie', 'days'], v === '' ? undefined : Number(v))}
      />
      <h3>Colours</h3>
      <div class="row three">
        <ColorField
          label="Accent"
          path="theme.accent"
          value={theme.accent ?? ''}
          placeholder="#0b57d0"
          errors={errs('theme.accent')}
          onInput={(v) => update(['theme', 'accent'], v || undefined)}
        />
        <ColorField
          label="Background"
          path="theme.background"
          value={theme.background ?? ''}
          placeholder="#ffffff"
          errors={errs('theme.background')}
          onInput={(v) => update(['theme', 'background'], v || undefined)}
        />
        <ColorField
          label="Text"
          path="theme.text"
          value={theme.text ?? ''}
          placeholder="#1f1f1f"
          errors={errs('theme.text')}
          onInput={(v) => update(['theme', 'text'], v || undefined)}
        />
      </div>
      <div class="row">
        <SelectField
          label="Light or dark"
          path="theme.mode"
          value={theme.mode ?? 'auto'}
          options={[
            ['auto', 'Follow the visitor’s system'],
            ['light', 'Always light'],
            ['dark', 'Always dark'],
          ]}
          errors={errs('theme.mode')}
          onChange={(v) => update(['theme', 'mode'], v === 'auto' ? undefined : v)}
        />
        <TextField
          label="Corner radius"
          path="theme.radius"
          value={theme.radius ?? ''}
          placeholder="12px"
          errors={errs('theme.radius')}
          onInput={(v) => update(['theme', 'radius'], v || undefined)}
        />
      </div>
      <h3>Position</h3>
      <div class="row">
        <SelectField
          label="Banner position"
          path="ui.position"
          value={ui.position ?? 'bottom'}
          options={[
            ['bottom', 'Bottom bar'],
            ['top', 'Top bar'],
            ['center', 'Centre (modal)'],
            ['bottom-left', 'Bottom left box'],
            ['bottom-right', 'Bottom right box'],
          ]}
          errors={errs('ui.position')}
          onChange={(v) => update(['ui', 'position'], v)}
        />
        <CheckField
          label="Floating button to reopen the preferences"
          path="ui.reopenButton"
          checked={ui.reopenButton !== false}
          errors={errs('ui.reopenButton')}
          onChange={(v) => update(['ui', 'reopenButton'], v ? undefined : false)}
        />
      </div>
    </>
  );
}

function Export(props: {
  ws: Workspace;
  valid: boolean;
  onInstall: (i: Install) => void;
  onExported: () => void;
  onImport: (c: CachetConfig, name: string) => void;
  onReset: () => void;
  notice: string | null;
}) {
  const { ws } = props;
  const [sri, setSri] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // The build writes dist/cachet.js.sri; the demo serves it next to the widget.
    fetch('/cachet.js.sri')
      .then((r) => (r.ok ? r.text() : null))
      .then((s) => setSri(s?.trim() || null))
      .catch(() => setSri(null));
  }, []);
  const json = exportJson(ws.draft);
  const tag = scriptTag(ws.install, sri);
  const copy = async (what: string, s: string) => {
    try {
      await navigator.clipboard.writeText(s);
      setCopied(what);
    } catch {
      setCopied(null);
    }
  };
  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    a.download = 'cachet.config.json';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    props.onExported();
  };
  const setInstall = (k: keyof Install, v: string) => props.onInstall({ ...ws.install, [k]: v });
  return (
    <>
      {props.notice && (
        <p class="alert ok" role="status">
          {props.notice}
        </p>
      )}
      <h3>1. The config file</h3>
      <p class="intro">
        Put it on the site, e.g. at <code>{ws.install.configUrl}</code>. Downloading it marks this
        wording as published: later changes will ask for a new notice version.
      </p>
      <div class="actions">
        <button type="button" class="btn primary" disabled={!props.valid} onClick={download}>
          Download cachet.config.json
        </button>
        <button type="button" class="btn" onClick={() => copy('json', json)}>
          {copied === 'json' ? 'Copied' : 'Copy JSON'}
        </button>
      </div>
      {!props.valid && (
        <p class="field-errors">
          Fix the problems listed above first: the widget would refuse this file.
        </p>
      )}
      <textarea class="code" readOnly rows={10} aria-label="Config file" value={json} />

      <h3>2. The script tag</h3>
      <div class="row">
        <TextField
          label="Script URL"
          path="install.src"
          value={ws.install.src}
          errors={[]}
          onInput={(v) => setInstall('src', v)}
        />
        <TextField
          label="Config file URL"
          path="install.configUrl"
          value={ws.install.configUrl}
          errors={[]}
          onInput={(v) => setInstall('configUrl', v)}
        />
      </div>
      <div class="row">
        <TextField
          label="Site (data-site)"
          path="install.site"
          value={ws.install.site}
          errors={[]}
          onInput={(v) => setInstall('site', v)}
        />
        <TextField
          label="Receiver (data-endpoint)"
          path="install.endpoint"
          value={ws.install.endpoint}
          errors={[]}
          onInput={(v) => setInstall('endpoint', v)}
        />
      </div>
      <pre class="code">
        <code>{tag}</code>
      </pre>
      <div class="actions">
        <button type="button" class="btn" onClick={() => copy('tag', tag)}>
          {copied === 'tag' ? 'Copied' : 'Copy the tag'}
        </button>
        <span class="hint">
          {sri
            ? 'integrity is the SHA-384 of this exact cachet.js build, which carries the hashes of cachet-records.js and cachet-prefs.js (serve the three side by side): the browser refuses any other file.'
            : 'No integrity hash available: build the widget (node scripts/build.mjs) to get one.'}
        </span>
      </div>

      <h3>3. Import or start again</h3>
      <div class="actions">
        <label class="btn" for="import-file">
          Import a config file…
        </label>
        <input
          id="import-file"
          class="visually-hidden"
          type="file"
          accept=".json,application/json"
          ref={file}
          onChange={async (e) => {
            const f = (e.currentTarget as HTMLInputElement).files?.[0];
            if (!f) return;
            const r = parseImport(await f.text());
            if ('error' in r) setImportError(r.error);
            else {
              setImportError(null);
              props.onImport(r.config, f.name);
            }
            if (file.current) file.current.value = '';
          }}
        />
        <button type="button" class="btn" onClick={props.onReset}>
          Start again from the example
        </button>
      </div>
      {importError && (
        <p class="field-errors" role="alert">
          {importError}
        </p>
      )}
    </>
  );
}
