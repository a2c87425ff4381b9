// SOCIATEX demo site script: language switch, privacy policy rendering, Matomo hits panel.
// Loaded in <head> without defer, before cachet.js (deferred), so the stored language is on
// <html lang> when Cachet starts and picks it up. Builds DOM with text nodes only: no innerHTML
// (the pages run under a CSP with Trusted Types enforced).
(() => {
  const KEY = 'sociatex-lang';
  const html = document.documentElement;
  const stored = (() => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  })();
  if (stored === 'en' || stored === 'fr') html.lang = stored;

  /** Swaps the attributes that cannot hold a <span data-l> pair: title, placeholders, options. */
  function translateAttributes(lang) {
    const body = document.body;
    if (body.dataset.titleEn) {
      if (!body.dataset.titleFr) body.dataset.titleFr = document.title;
      document.title = lang === 'en' ? body.dataset.titleEn : body.dataset.titleFr;
    }
    for (const el of document.querySelectorAll('[data-placeholder-en]')) {
      if (!el.dataset.placeholderFr) el.dataset.placeholderFr = el.placeholder;
      el.placeholder = lang === 'en' ? el.dataset.placeholderEn : el.dataset.placeholderFr;
    }
    for (const el of document.querySelectorAll('option[data-en]')) {
      if (!el.dataset.fr) el.dataset.fr = el.textContent;
      el.textContent = lang === 'en' ? el.dataset.en : el.dataset.fr;
    }
    for (const b of document.querySelectorAll('[data-set-lang]'))
      b.setAttribute('aria-pressed', String(b.dataset.setLang === lang));
  }

  function setLang(lang) {
    html.lang = lang;
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    translateAttributes(lang);
    // The widget re-renders the banner, the dialog and the form wording in the new language.
    window.Cachet?.setLang(lang);
  }

  /** Renders the plain-text policy: numbered lines become headings, "- " lines list items. */
  async function renderPolicy(article) {
    const toc = document.querySelector('[data-policy-toc]');
    const loading = article.querySelector('[data-policy-loading]');
    let text;
    try {
      const res = await fetch(article.dataset.policySrc);
      if (!res.ok) throw new Error(String(res.status));
      text = await res.text();
    } catch {
      if (loading) loading.textContent = 'La politique n’a pas pu être chargée.';
      return;
    }
    loading?.remove();
    let list = null;
    const add = (tag, content, cls) => {
      const el = document.createElement(tag);
      el.textContent = content;
      if (cls) el.className = cls;
      article.append(el);
      return el;
    };
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      const item = /^[-–]\s*(.*)$/.exec(line);
      if (item) {
        if (!list) list = add('ul', '');
        const li = document.createElement('li');
        li.textContent = item[1];
        list.append(li);
        continue;
      }
      list = null;
      const sub = /^(\d+\.\d+)\.\s+(.*)$/.exec(line);
      const top = /^(\d+)\.\s+(.*)$/.exec(line);
      if (sub) add('h3', `${sub[1]}. ${sub[2]}`).id = `s${sub[1].replace('.', '-')}`;
      else if (top) {
        const h = add('h2', `${top[1]}. ${top[2]}`);
        h.id = `s${top[1]}`;
        if (toc) {
          const li = document.createElement('li');
          const a = document.createElement('a');
          a.href = `#${h.id}`;
          a.textContent = h.textContent;
          li.append(a);
          toc.append(li);
        }
      } else if (/^Dernière modification/.test(line)) add('p', line, 'updated');
      else if (/^En cochant la case/.test(line)) add('blockquote', line);
      else add('p', line);
    }
  }

  /** The Matomo stand-in's hit log, refreshed every 2 s. */
  function watchHits(tbody) {
    const empty = document.querySelector('[data-hits-empty]');
    const count = (k, n) => {
      const el = document.querySelector(`[data-hits-count="${k}"]`);
      if (el) el.textContent = String(n);
    };
    const cell = (tr, text, cls) => {
      const td = document.createElement('td');
      if (cls) {
        const span = document.createElement('span');
        span.className = cls;
        span.textContent = text;
        td.append(span);
      } else td.textContent = text;
      tr.append(td);
    };
    const refresh = async () => {
      try {
        const res = await fetch('/matomo/hits.json', { cache: 'no-store' });
        const { hits } = await res.json();
        const rows = hits
          .slice()
          .reverse()
          .map((h) => {
            const tr = document.createElement('tr');
            cell(tr, new Date(h.time).toLocaleTimeString(html.lang));
            cell(tr, h.type, h.type === 'download' ? 'pill dl' : 'pill');
            cell(tr, h.url || '');
            cell(tr, h.visitor || '—', 'mono');
            const en = html.lang === 'en';
            cell(tr, h.cookies ? (en ? 'yes' : 'oui') : en ? 'no' : 'non');
            return tr;
          });
        tbody.replaceChildren(...rows);
        if (empty) empty.hidden = hits.length > 0;
        count('all', hits.length);
        count('pageview', hits.filter((h) => h.type === 'pageview').length);
        count('download', hits.filter((h) => h.type === 'download').length);
      } catch {
        // The demo server stopped: keep the last list.
      }
    };
    document.querySelector('[data-hits-clear]')?.addEventListener('click', async () => {
      await fetch('/matomo/hits.json', { method: 'DELETE' });
      refresh();
    });
    refresh();
    setInterval(refresh, 2000);
  }

  document.addEventListener('DOMContentLoaded', () => {
    translateAttributes(html.lang);
    document.addEventListener('click', (e) => {
      const b = e.target instanceof Element ? e.target.closest('[data-set-lang]') : null;
      if (b) setLang(b.dataset.setLang);
    });
    const article = document.querySelector('[data-policy-src]');
    if (article) renderPolicy(article);
    const tbody = document.querySelector('[data-hits]');
    if (tbody) watchHits(tbody);
  });
})();
