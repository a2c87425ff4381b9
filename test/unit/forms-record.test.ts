import { getByRole } from '@testing-library/dom';
import { describe, expect, it, vi } from 'vitest';
import { noticeHash } from '../../src/record/hash';
import { ALTERNATIVE, customerProfile, POLICY, SOCIATEX, tick, usePage } from './forms-setup';

const { open, seen, off } = usePage();

const tickAndSend = (form = document.forms[0]) => {
  (getByRole(form, 'checkbox') as HTMLInputElement).click();
  getByRole(form, 'button').click();
};

describe('forms: the decision of a ticked submission', () => {
  it('is a "given" form:checkbox decision on the profile’s purposes, with the exact wording', async () => {
    const { decisions } = open(
      '<form id="devis" data-cachet action="/demande-de-devis?source=home#top"><button>Envoyer</button></form>',
    );
    await tick();
    tickAndSend();
    expect(decisions).toHaveLength(1);
    const d = decisions[0];
    expect(d).toMatchObject({
      event: 'given',
      method: 'form:checkbox',
      purposes: { contact: true, marketing: true, analytics: true },
      notice: {
        id: 'form:devis',
        version: '2022-01-24',
        lang: 'fr',
        text: `${SOCIATEX.fr}\n${ALTERNATIVE.fr}`,
        policyUrl: POLICY,
      },
      form: { id: 'devis', action: '/demande-de-devis' },
    });
  });

  // The hash is computed ahead, off the submit path: resubmit until it is there (a person takes
  // longer than that to fill a form).
  const sendUntilHashed = async (expected: string) => {
    (getByRole(document.forms[0], 'checkbox') as HTMLInputElement).click();
    await vi.waitFor(() => {
      getByRole(document.forms[0], 'button').click();
      expect(seen().at(-1)!.get('cachet_notice_hash')).toBe(expected);
    });
    return seen().at(-1)!;
  };

  it('adds the record id and the notice hash to the data the backend receives', async () => {
    const { decisions } = open('<form id="contact" data-cachet><button>Envoyer</button></form>');
    const data = await sendUntilHashed(await noticeHash(`${SOCIATEX.fr}\n${ALTERNATIVE.fr}`));
    expect(data.get('cachet_record_id')).toBe(decisions.at(-1)!.id);
    expect(data.get('cachet_notice_hash')).toMatch(/^sha256-[\w-]{43}$/);
  });

  it('hashes the wording when the visitor starts filling in the form, not on a page view', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      open(
        '<form id="contact" data-cachet><input name="email"><button>Envoyer</button></form><input id="search">',
      );
      await tick();
      (document.getElementById('search') as HTMLInputElement).focus();
      await tick();
      expect(digest).not.toHaveBeenCalled();
      (getByRole(document.forms[0], 'textbox') as HTMLInputElement).focus();
      expect(digest).toHaveBeenCalledTimes(1);
      (getByRole(document.forms[0], 'checkbox') as HTMLInputElement).click();
      expect(digest).toHaveBeenCalledTimes(1); // once per wording
    } finally {
      digest.mockRestore();
    }
  });

  it('hashes the new wording at once when the language changes under a visitor', async () => {
    // An optional box, so a submit goes through without a tick (which would hash it too).
    const { cachet } = open(
      '<form id="contact" data-cachet><input name="email"><button>Send</button></form>',
      { profiles: { default: { ...customerProfile, required: false } } },
    );
    const digest = vi.spyOn(crypto.subtle, 'digest');
    try {
      (getByRole(document.forms[0], 'textbox') as HTMLInputElement).focus();
      cachet.setLang('en');
      // French on the focus, English on the switch, with no new focus or tick.
      expect(digest).toHaveBeenCalledTimes(2);
      await digest.mock.results[1].value;
      await tick();
      getByRole(document.forms[0], 'button').click();
      expect(seen().at(-1)!.get('cachet_notice_hash')).toBe(
        await noticeHash(`${SOCIATEX.en}\n${ALTERNATIVE.en}`),
      );
    } finally {
      digest.mockRestore();
    }
  });

  it('hashes the English wording when the visitor sees English', async () => {
    const { cachet, decisions } = open(
      '<form id="contact" data-cachet><button>Send</button></form>',
    );
    cachet.setLang('en');
    await sendUntilHashed(await noticeHash(`${SOCIATEX.en}\n${ALTERNATIVE.en}`));
    expect(decisions.at(-1)!.notice).toMatchObject({
      lang: 'en',
      text: `${SOCIATEX.en}\n${ALTERNATIVE.en}`,
    });
  });

  it('names the form by id, else by name, else by its profile', () => {
    const { decisions } = open(
      `<form name="rappel" data-cachet><button>A</button></form>
       <form data-cachet="quote"><button>B</button></form>`,
      { profiles: { default: customerProfile, quote: customerProfile } },
    );
    tickAndSend(document.forms[0]);
    tickAndSend(document.forms[1]);
    expect(decisions.map((d) => [d.notice.id, d.form?.id])).toEqual([
      ['form:rappel', 'rappel'],
      ['form:quote', 'quote'],
    ]);
  });

  it('is not fooled by fields named "id" or "action"', () => {
    const { decisions } = open(
      `<form id="contact" action="/envoi" data-cachet>
        <input name="id" value="42"><input name="action" value="x"><button>Envoyer</button></form>`,
    );
    tickAndSend();
    expect(decisions[0].form).toEqual({ id: 'contact', action: '/envoi' });
  });

  it("keeps where the form went: the sending button's formaction, without ;parameters", () => {
    // A servlet session id in the path is a secret, like the query DESIGN.md drops.
    const { decisions } = open(
      `<form id="contact" action="/envoi;jsessionid=SECRET" data-cachet><button>Envoyer</button>
        <button formaction="/rappel;sid=X?q=1">Être rappelé</button></form>`,
    );
    const form = document.forms[0];
    (getByRole(form, 'checkbox') as HTMLInputElement).click();
    getByRole(form, 'button', { name: 'Envoyer' }).click();
    getByRole(form, 'button', { name: 'Être rappelé' }).click();
    expect(decisions.map((d) => d.form!.action)).toEqual(['/envoi', '/rappel']);
  });

  it("keeps the page's own path for a form without action, whatever <base> says", () => {
    // HTML: an empty or missing action is the document's URL; <base> only resolves relative ones.
    const base = document.head.appendChild(document.createElement('base'));
    base.href = '/static/assets/';
    try {
      const { decisions } = open('<form id="contact" data-cachet><button>Envoyer</button></form>');
      (window as any).happyDOM.setURL('https://www.example.com/contact?x=1');
      tickAndSend();
      expect(decisions[0].form).toEqual({ id: 'contact', action: '/contact' });
    } finally {
      base.remove();
    }
  });

  it('grants the purposes in the consent state, so Matomo may run', () => {
    const { cachet } = open('<form data-cachet><button>Envoyer</button></form>');
    expect(cachet.hasConsent('analytics')).toBe(false);
    tickAndSend();
    expect(cachet.hasConsent('analytics')).toBe(true);
    expect(cachet.getConsent()?.p).toEqual({ contact: true, marketing: true, analytics: true });
  });

  it('records "refused" for an optional box left unticked, and keeps those purposes off', () => {
    const { cachet, decisions } = open('<form data-cachet><button>Envoyer</button></form>', {
      profiles: { default: { ...customerProfile, purposes: ['marketing'], required: false } },
    });
    cachet.accept(['analytics']);
    getByRole(document.body, 'button').click();
    expect(decisions.at(-1)).toMatchObject({ event: 'refused', purposes: { marketing: false } });
    expect(cachet.hasConsent('marketing')).toBe(false);
    expect(cachet.hasConsent('analytics')).toBe(true);
    expect(seen()[0].get('cachet_record_id')).toBe(decisions.at(-1)!.id);
  });

  it('records "given" even when the visitor had decided before (each submission is its own proof)', () => {
    const { cachet, decisions } = open('<form data-cachet><button>Envoyer</button></form>');
    cachet.rejectAll();
    tickAndSend();
    expect(decisions.at(-1)?.event).toBe('given');
  });

  it('never reads the value of the site’s fields', () => {
    const { decisions } = open(
      // novalidate: the browser's own validation would read the values itself.
      '<form data-cachet novalidate><input name="email" value="a@b.fr"><textarea name="msg">Bonjour</textarea><button>Envoyer</button></form>',
    );
    const reads = vi.fn();
    for (const proto of [HTMLInputElement.prototype, HTMLTextAreaElement.prototype]) {
      const d = Object.getOwnPropertyDescriptor(proto, 'value')!;
      vi.spyOn(proto, 'value', 'get').mockImplementation(function (this: HTMLInputElement) {
        if (this.name === 'email' || this.name === 'msg') reads(this.name);
        return d.get!.call(this);
      });
    }
    off();
    document.addEventListener('submit', (e) => e.preventDefault(), { once: true });
    tickAndSend();
    expect(decisions).toHaveLength(1);
    expect(reads).not.toHaveBeenCalled();
    expect(JSON.stringify(decisions[0])).not.toContain('a@b.fr');
  });
});
