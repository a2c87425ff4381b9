import type { Texts } from './fr';

/** English texts. */
export const en: Texts = {
  'banner.title': 'Your privacy',
  'banner.text':
    'With your consent, we use trackers to measure the audience of this site and to personalise our communications. You can change your mind at any time with “Manage cookies”.',
  'banner.acceptAll': 'Accept all',
  'banner.rejectAll': 'Refuse all',
  'banner.customize': 'Customise',
  'banner.close': 'Continue without accepting',
  'banner.policy': 'Privacy policy',
  'prefs.title': 'Privacy preferences',
  'prefs.text': 'Choose the purposes you accept. Your choice is kept for 6 months.',
  'prefs.save': 'Save',
  'prefs.acceptAll': 'Accept all',
  'prefs.rejectAll': 'Refuse all',
  'prefs.close': 'Close',
  'prefs.required': 'Always on',
  'prefs.services': 'Services:',
  'prefs.gpc': 'Your browser refuses tracking (GPC): off unless you switch it on here.',
  'prefs.exempt': 'Exempt from consent (CNIL): on unless you object.',
  'placeholder.text': 'This third-party content shows once you accept “{purpose}”.',
  'placeholder.accept': 'Accept and show',
  'reopen.label': 'Manage cookies',
  'form.text': 'I agree that my data is used to handle my request.',
  'form.error': 'Tick this box to send the form.',
};
