/**
 * French texts, the default language. Keys are shared by every language; `texts` in config
 * overrides any of them. French typography puts a non-breaking space (\u00a0) before a colon, a
 * semicolon, a question or exclamation mark and inside guillemets: a line never starts with one.
 */
export const fr = {
  'banner.title': 'Respect de votre vie privée',
  'banner.text':
    'Avec votre accord, nous utilisons des traceurs pour mesurer l’audience du site et personnaliser nos communications. Vous pouvez changer d’avis à tout moment avec «\u00a0Gérer mes cookies\u00a0».',
  'banner.acceptAll': 'Tout accepter',
  'banner.rejectAll': 'Tout refuser',
  'banner.customize': 'Personnaliser',
  'banner.close': 'Continuer sans accepter',
  'banner.policy': 'Politique de confidentialité',
  'prefs.title': 'Préférences de confidentialité',
  'prefs.text': 'Choisissez les finalités que vous acceptez. Votre choix est conservé 6\u00a0mois.',
  'prefs.save': 'Enregistrer',
  'prefs.acceptAll': 'Tout accepter',
  'prefs.rejectAll': 'Tout refuser',
  'prefs.close': 'Fermer',
  'prefs.required': 'Toujours actif',
  'prefs.services': 'Services\u00a0:',
  'prefs.gpc':
    'Votre navigateur refuse le suivi (GPC)\u00a0: désactivé sauf si vous l’activez ici.',
  'prefs.exempt': 'Exemptée de consentement (CNIL)\u00a0: active sauf si vous vous y opposez.',
  'placeholder.text':
    'Ce contenu d’un service tiers s’affiche si vous acceptez «\u00a0{purpose}\u00a0».',
  'placeholder.accept': 'Accepter et afficher',
  'reopen.label': 'Gérer mes cookies',
  'form.text': 'J’accepte que mes données soient utilisées pour traiter ma demande.',
  'form.error': 'Cochez cette case pour envoyer le formulaire.',
};

/** A complete set of texts, keyed like the French defaults. */
export type Texts = Record<keyof typeof fr, string>;
/** One text key. */
export type TextKey = keyof typeof fr;
