import { getByRole, getByText } from '@testing-library/dom';
import { describe, expect, it, vi } from 'vitest';
import { customerProfile, SOCIATEX, usePage } from './forms-setup';

const { open, seen } = usePage();

const box = () => getByRole(document.body, 'checkbox', { name: SOCIATEX.fr }) as HTMLInputElement;
const ERROR = 'Cochez cette case pour envoyer le formulaire.';

describe('forms: submit guard', () => {
  it('gives native validation the localized message until the box is ticked', () => {
    open('<form data-cachet><button>Envoyer</button></form>');
    expect(box().validationMessage).toBe(ERROR);
    expect(document.forms[0].checkValidity()).toBe(false);
    box().click();
    expect(box().validationMessage).toBe('');
    expect(document.forms[0].checkValidity()).toBe(true);
  });

  it('blocks a novalidate form, before the site’s own submit handler, and says why', () => {
    const { decisions } = open(
      '<form data-cachet novalidate><input name="email"><button>Envoyer</button></form>',
    );
    getByRole(document.body, 'button', { name: 'Envoyer' }).click();
    expect(seen()).toHaveLength(0);
    expect(decisions).toHaveLength(0);
    expect(document.activeElement).toBe(box());
    expect(box().getAttribute('aria-invalid')).toBe('true');
    const error = getByText(document.body, ERROR);
    expect(error.getAttribute('aria-live')).toBe('polite');
    expect(box().getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
  });

  it('blocks requestSubmit() on a novalidate form and a form whose JS would send it with fetch', () => {
    const sent = vi.fn();
    const { decisions } = open(
      '<form data-cachet novalidate id="f"><button>Envoyer</button></form>',
    );
    document.forms[0].addEventListener('submit', (e) => {
      e.preventDefault();
      sent(new FormData(e.target as HTMLFormElement));
    });
    document.forms[0].requestSubmit();
    expect(sent).not.toHaveBeenCalled();
    box().click();
    document.forms[0].requestSubmit();
    expect(sent).toHaveBeenCalledOnce();
    // The site's script builds its request from the form: it carries the record id.
    const data = sent.mock.calls[0][0] as FormData;
    expect(data.get('cachet_record_id')).toBe(decisions[0].id);
  });

  it('blocks a submit button marked formnovalidate', () => {
    open('<form data-cachet><button formnovalidate>Brouillon</button></form>');
    getByRole(document.body, 'button', { name: 'Brouillon' }).click();
    expect(seen()).toHaveLength(0);
  });

  it('shows the message inline when the browser’s own validation stops the submit', () => {
    open('<form data-cachet><button>Envoyer</button></form>');
    box().dispatchEvent(new Event('invalid', { cancelable: true }));
    expect(getByText(document.body, ERROR)).toBeTruthy();
    expect(box().getAttribute('aria-invalid')).toBe('true');
  });

  it('clears the message once the box is ticked, and lets the form go', () => {
    open('<form data-cachet novalidate><button>Envoyer</button></form>');
    document.forms[0].requestSubmit();
    box().click();
    expect(document.querySelector('.cachet-consent__error')?.textContent).toBe('');
    expect(box().getAttribute('aria-invalid')).toBe('false');
    document.forms[0].requestSubmit();
    expect(seen()).toHaveLength(1);
  });

  it('speaks the visitor’s language in the message after setLang', () => {
    const { cachet } = open('<form data-cachet novalidate><button>Send</button></form>');
    document.forms[0].requestSubmit();
    cachet.setLang('en');
    const en = getByRole(document.body, 'checkbox', { name: SOCIATEX.en }) as HTMLInputElement;
    expect(en.validationMessage).toBe('Tick this box to send the form.');
    expect(getByText(document.body, 'Tick this box to send the form.')).toBeTruthy();
  });

  it('lets an optional box through unticked', () => {
    open('<form data-cachet><button>Envoyer</button></form>', {
      profiles: { default: { ...customerProfile, required: false } },
    });
    expect(box().required).toBe(false);
    expect(box().validationMessage).toBe('');
    getByRole(document.body, 'button').click();
    expect(seen()).toHaveLength(1);
  });

  it('records nothing when an earlier listener already cancelled the submit', () => {
    const { decisions } = open('<form data-cachet><button>Envoyer</button></form>');
    box().click();
    // A submit event cancelled before it reaches the guard (as by a site listener added earlier).
    const ev = new Event('submit', { cancelable: true, bubbles: true });
    ev.preventDefault();
    document.forms[0].dispatchEvent(ev);
    expect(decisions).toHaveLength(0);
  });

  it('puts its box back when the site’s script removed it, and blocks until ticked', () => {
    open('<form data-cachet novalidate><button>Envoyer</button></form>');
    document.querySelector('.cachet-consent')!.remove();
    document.forms[0].requestSubmit();
    expect(seen()).toHaveLength(0);
    expect(document.forms[0].contains(box())).toBe(true);
  });

  it('keeps its parts when a site script adds its own element to the box (a custom checkmark)', () => {
    const { decisions } = open('<form data-cachet novalidate><button>Envoyer</button></form>');
    const alternative = document.querySelector('.cachet-consent__alt')!.textContent;
    box().after(document.createElement('span'));
    getByRole(document.body, 'button', { name: 'Envoyer' }).click();
    // The error line shows the error; the alternative line keeps the wording.
    expect(document.querySelector('.cachet-consent__alt')!.textContent).toBe(alternative);
    expect(document.querySelector('.cachet-consent__error')!.textContent).toBe(ERROR);
    box().click();
    getByRole(document.body, 'button', { name: 'Envoyer' }).click();
    expect(seen()[0].getAll('cachet_record_id')).toEqual([decisions[0].id]);
  });

  it('drops a stale copy of its box that the site put back with a saved copy of the form', () => {
    const { decisions } = open(
      '<form data-cachet novalidate><input name="email"><button>Envoyer</button></form>',
    );
    const form = document.forms[0];
    const saved = form.innerHTML;
    form.innerHTML = saved; // e.g. a validation library resetting the form
    expect(form.querySelectorAll('.cachet-consent')).toHaveLength(1);
    getByRole(document.body, 'button', { name: 'Envoyer' }).click();
    expect(seen()).toHaveLength(0);
    expect(form.querySelectorAll('.cachet-consent')).toHaveLength(1);
    box().click();
    getByRole(document.body, 'button', { name: 'Envoyer' }).click();
    expect(seen()[0].getAll('cachet_record_id')).toEqual([decisions[0].id]);
  });

  it('fails open, with a console error, if the decision cannot be stored', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { cachet, errors, storage } = open('<form data-cachet><button>Envoyer</button></form>');
    box().click();
    storage.write = () => {
      throw new Error('cookies blocked');
    };
    getByRole(document.body, 'button').click();
    expect(seen()).toHaveLength(1);
    expect(errors.map((e) => e.code)).toEqual(['forms']);
    expect(log).toHaveBeenCalled();
    expect(cachet.ready).toBe(true);
  });
});
