/**
 * The preview page inside the configurator's iframe: runs the widget's own init() with the draft
 * config, in memory (no cookie, no record sent, no tracker loaded), and renders it again on every
 * message from the configurator.
 */
import type { CachetConfig } from '../../src/config/types';
import type { ConsentStorage } from '../../src/consent/types';
import { forms } from '../../src/forms';
import { type Cachet, init } from '../../src/index';
import { ui } from '../../src/ui';
import type { PreviewMessage } from './preview-frame';

let api: Cachet | null = null;
const errorsBox = document.getElementById('errors') as HTMLElement;
const formSlot = document.getElementById('form-slot') as HTMLElement;
const formTemplate = document.getElementById('form-template') as HTMLTemplateElement;

/** A consent store that forgets everything: each render starts with no decision. */
const memory = (): ConsentStorage => {
  let v: string | undefined;
  return {
    read: () => v,
    write: (s) => {
      v = s;
    },
    remove: () => {
      v = undefined;
    },
  };
};

// Re-rendering must not pull the keyboard focus out of the field the marketer is typing in: the
// widget focuses its banner when shown, which is right on a site, not in a preview.
const focus = HTMLElement.prototype.focus;
HTMLElement.prototype.focus = function (this: HTMLElement, o?: FocusOptions) {
  if (document.hasFocus()) focus.call(this, o);
};

function render(m: PreviewMessage) {
  api?.destroy();
  api = null;
  const html = document.documentElement;
  html.lang = m.lang;
  html.dataset.scheme = m.scheme;
  html.dataset.view = m.view;
  // A fresh form each time, so no box from the previous render stays behind.
  const form = (formTemplate.content.cloneNode(true) as DocumentFragment)
    .firstElementChild as HTMLFormElement;
  form.dataset.cachet = m.profile === 'default' ? '' : m.profile;
  formSlot.replaceChildren(form);
  for (const el of document.querySelectorAll<HTMLElement>('[data-l]'))
    el.hidden = el.dataset.l !== m.lang;

  const config: CachetConfig = JSON.parse(JSON.stringify(m.config));
  delete config.endpoint;
  config.lang = m.lang;
  // "Light/dark" previews the visitor's system setting; a fixed theme.mode wins, as on a site.
  if (!config.theme?.mode || config.theme.mode === 'auto')
    config.theme = { ...config.theme, mode: m.scheme };
  if (m.view === 'form') config.ui = { ...config.ui, banner: false, reopenButton: false };
  api = init(config, { storage: memory(), modules: [ui, forms] });
  errorsBox.hidden = api.ready;
  if (!api.ready) {
    const list = document.createElement('ul');
    for (const e of api.errors) {
      const li = document.createElement('li');
      li.textContent = `${e.path}: expected ${e.expected}`;
      list.append(li);
    }
    errorsBox.replaceChildren(list);
  }
  if (m.view === 'prefs') api.openPreferences();
}

addEventListener('message', (e: MessageEvent) => {
  if (e.origin !== location.origin || (e.data as PreviewMessage)?.type !== 'cachet-preview') return;
  try {
    render(e.data as PreviewMessage);
  } catch (err) {
    console.error('preview:', err);
  }
});
// Submitting the sample form stays in the preview.
document.addEventListener('submit', (e) => e.preventDefault());
parent.postMessage({ type: 'cachet-preview-ready' }, location.origin);
