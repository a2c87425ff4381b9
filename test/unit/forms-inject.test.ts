import { getByRole, queryByRole } from '@testing-library/dom';
import { describe, expect, it, vi } from 'vitest';
import { ALTERNATIVE, customerProfile, SOCIATEX, tick, usePage } from './forms-setup';

const { open } = usePage(false);

const CONTACT = `<form id="contact" data-cachet action="/contact">
  <label>E-mail <input name="email" type="email"></label>
  <button>Envoyer</button>
</form>`;

describe('forms: injection', () => {
  it('adds an unticked, mandatory checkbox labelled with the customer’s exact wording', () => {
    open(CONTACT);
    const box = getByRole(document.body, 'checkbox', { name: SOCIATEX.fr }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    expect(box.required).toBe(true);
    expect(box.closest('form')?.id).toBe('contact');
    expect(box.labels?.[0]?.className).toBe('cachet-consent__label');
  });

  it('shows the alternative line under the box and describes the box with it', () => {
    open(CONTACT);
    const box = getByRole(document.body, 'checkbox');
    const alt = document.querySelector('.cachet-consent__alt') as HTMLElement;
    expect(alt.textContent).toBe(ALTERNATIVE.fr);
    expect(box.getAttribute('aria-describedby')?.split(' ')).toContain(alt.id);
  });

  it('renders the markup subset as elements and anything else as text', () => {
    open(CONTACT, {
      profiles: {
        default: {
          purposes: ['contact'],
          text: 'J’accepte la **politique** de [confidentialité](https://www.sociatex.com/confidentialite) <img src=x onerror=alert(1)>',
        },
      },
    });
    const label = document.querySelector('.cachet-consent__label')!;
    const link = getByRole(label as HTMLElement, 'link', { name: 'confidentialité' });
    expect(link.getAttribute('href')).toBe('https://www.sociatex.com/confidentialite');
    expect(link.getAttribute('rel')).toBe('noopener');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(label.querySelector('strong')?.textContent).toBe('politique');
    expect(label.querySelector('img')).toBeNull();
    expect(label.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('uses the built-in wording in the page language when the profile has none', () => {
    open(CONTACT, { profiles: { default: { purposes: ['contact'] } } }, { lang: 'en' });
    const box = getByRole(document.body, 'checkbox', {
      name: 'I agree that my data is used to handle my request.',
    });
    expect(box.closest('.cachet-consent')?.getAttribute('lang')).toBe('en');
    expect((document.querySelector('.cachet-consent__alt') as HTMLElement).textContent).toBe('');
  });

  it('applies a default style through an adopted stylesheet, never a style attribute', () => {
    open(CONTACT);
    const sheet = document.adoptedStyleSheets.at(-1)!;
    const text = [...sheet.cssRules].map((r) => r.cssText).join('');
    expect(text).toContain(':where(.cachet-consent)');
    expect(document.querySelector('[style]')).toBeNull();
  });
});

describe('forms: placement', () => {
  it('goes just before the submit button by default', () => {
    open(CONTACT);
    const box = document.querySelector('.cachet-consent')!;
    expect(box.nextElementSibling?.tagName).toBe('BUTTON');
  });

  it('goes before a wrapper that holds only the buttons, not inside it', () => {
    open(`<form data-cachet><p><input name="name"></p>
      <div class="actions"><button type="reset">Effacer</button><input type="submit" value="Envoyer"></div></form>`);
    const box = document.querySelector('.cachet-consent')!;
    expect(box.parentElement?.tagName).toBe('FORM');
    expect(box.nextElementSibling?.className).toBe('actions');
  });

  it('stays next to the button when the wrapper also holds fields', () => {
    open(`<form data-cachet><div class="row"><input name="name"><button>OK</button></div></form>`);
    const box = document.querySelector('.cachet-consent')!;
    expect(box.parentElement?.className).toBe('row');
    expect(box.nextElementSibling?.tagName).toBe('BUTTON');
  });

  it('goes into the [data-cachet-slot] element with placement "slot"', () => {
    open(
      `<form data-cachet><input name="a"><div data-cachet-slot></div><button>OK</button></form>`,
      {
        profiles: { default: { ...customerProfile, placement: 'slot' } },
      },
    );
    expect(document.querySelector('[data-cachet-slot] > .cachet-consent')).not.toBeNull();
  });

  it('reports a missing slot and falls back to before the submit button', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { errors } = open(`<form data-cachet><input name="a"><button>OK</button></form>`, {
      profiles: { default: { ...customerProfile, placement: 'slot' } },
    });
    expect(errors.map((e) => e.code)).toEqual(['forms-slot']);
    expect(document.querySelector('.cachet-consent')?.nextElementSibling?.tagName).toBe('BUTTON');
  });

  it('goes at the end with placement "end", or when the form has no submit button', () => {
    open(
      `<form data-cachet="end"><button>OK</button></form><form data-cachet><input name="q"></form>`,
      {
        profiles: { default: customerProfile, end: { ...customerProfile, placement: 'end' } },
      },
    );
    for (const f of document.forms) expect(f.lastElementChild?.className).toBe('cachet-consent');
  });
});

describe('forms: profiles', () => {
  const profiles = {
    default: { purposes: ['contact'], text: 'défaut' },
    quote: { purposes: ['contact', 'marketing'], text: 'devis' },
    newsletter: { purposes: ['marketing'], text: 'lettre', selector: '#newsletter' },
  };
  const nameIn = (form: string) =>
    (queryByRole(document.getElementById(form)!, 'checkbox') as HTMLInputElement | null)
      ?.labels?.[0]?.textContent;

  it('picks the profile named by data-cachet, "default" when it is empty, or by selector', () => {
    open(
      `<form id="a" data-cachet="quote"></form><form id="b" data-cachet></form>
       <form id="newsletter"></form><form id="other"></form>`,
      { profiles },
    );
    expect(nameIn('a')).toBe('devis');
    expect(nameIn('b')).toBe('défaut');
    expect(nameIn('newsletter')).toBe('lettre');
    expect(nameIn('other')).toBeUndefined();
  });

  it('lets the data-cachet attribute win over a profile selector', () => {
    open(`<form id="newsletter" data-cachet="quote"></form>`, { profiles });
    expect(nameIn('newsletter')).toBe('devis');
  });

  it('uses the default profile for forms matched by a custom forms.selector', () => {
    open(`<form class="lead"></form>`, { selector: 'form.lead', profiles });
    expect(document.querySelector('.lead .cachet-consent__label')?.textContent).toBe('défaut');
  });

  it('reports a form naming an unknown profile and leaves that form untouched', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { errors } = open(`<form id="x" data-cachet="devis"><button>OK</button></form>`, {
      profiles,
    });
    expect(errors.map((e) => e.code)).toEqual(['forms-profile']);
    expect(errors[0].message).toContain('forms.profiles.devis');
    expect(log).toHaveBeenCalledOnce();
    expect(document.querySelector('.cachet-consent')).toBeNull();
  });

  it('reports a broken selector and keeps guarding the forms the other selectors name', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { errors } = open(`<form data-cachet></form><form id="newsletter"></form>`, {
      profiles: { ...profiles, quote: { ...profiles.quote, selector: 'form[' } },
    });
    expect(errors.map((e) => e.code)).toEqual(['forms-selector']);
    expect(errors[0].message).toContain('forms.profiles.quote.selector "form["');
    expect(document.querySelectorAll('.cachet-consent')).toHaveLength(2);
  });

  it('reports a selector that matches something other than a form', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { errors } = open(`<div id="newsletter"><form></form></div>`, { profiles });
    expect(errors.map((e) => e.code)).toEqual(['forms-target']);
    expect(document.querySelector('.cachet-consent')).toBeNull();
  });

  it('does nothing when forms are disabled', () => {
    open(CONTACT, false as unknown as object);
    expect(document.querySelector('.cachet-consent')).toBeNull();
  });
});

describe('forms: later changes to the page', () => {
  it('gives a form added after load its box', async () => {
    open('<main></main>');
    const form = document.createElement('form');
    form.setAttribute('data-cachet', '');
    form.append(document.createElement('button'));
    document.querySelector('main')!.append(form);
    await tick();
    expect(getByRole(form, 'checkbox', { name: SOCIATEX.fr })).toBeTruthy();
  });

  it('never injects twice, even when a form is removed and put back', async () => {
    open(CONTACT);
    const form = document.forms[0];
    form.remove();
    await tick();
    document.body.append(form);
    await tick();
    document.body.append(document.createElement('p'));
    await tick();
    expect(form.querySelectorAll('input[type=checkbox]')).toHaveLength(1);
  });

  it('gives a cloned form its own working box instead of a dead copy', async () => {
    open(CONTACT);
    const copy = document.forms[0].cloneNode(true) as HTMLFormElement;
    copy.id = 'copy';
    document.body.append(copy);
    await tick();
    const boxes = copy.querySelectorAll('input[type=checkbox]');
    expect(boxes).toHaveLength(1);
    expect(boxes[0].id).not.toBe(document.forms[0].querySelector('input[type=checkbox]')!.id);
    expect((boxes[0] as HTMLInputElement).labels).toHaveLength(1);
  });

  it('relabels every box on setLang and keeps the visitor’s tick', () => {
    const { cachet } = open(CONTACT);
    const fr = getByRole(document.body, 'checkbox', { name: SOCIATEX.fr }) as HTMLInputElement;
    fr.click();
    cachet.setLang('en');
    const en = getByRole(document.body, 'checkbox', { name: SOCIATEX.en }) as HTMLInputElement;
    expect(en.checked).toBe(true);
    expect(document.querySelector('.cachet-consent__alt')?.textContent).toBe(ALTERNATIVE.en);
    expect(document.querySelectorAll('.cachet-consent')).toHaveLength(1);
  });

  it('removes its boxes, style and listeners on destroy', () => {
    const { cachet } = open(CONTACT);
    const before = document.adoptedStyleSheets.length;
    cachet.destroy();
    expect(document.querySelector('.cachet-consent')).toBeNull();
    expect(document.adoptedStyleSheets.length).toBe(before - 1);
    let reached = false;
    document.addEventListener(
      'submit',
      (e) => {
        e.preventDefault();
        reached = true;
      },
      { once: true },
    );
    document.forms[0].requestSubmit();
    expect(reached).toBe(true);
  });
});
