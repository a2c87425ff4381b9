// The test page every widget is measured on: a small French IT-services site (header, services,
// a contact form, footer) with the site's own CSS inline and nothing else loaded, so every
// byte and every millisecond beyond the "page only" row belongs to the consent widget.

/** Shared wording, so every widget shows the same French notice (Cachet's own defaults). */
export const TEXTS = {
  title: 'Respect de votre vie privée',
  description:
    'Avec votre accord, nous utilisons des traceurs pour mesurer l’audience du site et personnaliser nos communications. Vous pouvez accepter, refuser ou choisir par finalité, et changer d’avis à tout moment avec « Gérer mes cookies ».',
  acceptAll: 'Tout accepter',
  rejectAll: 'Tout refuser',
  customize: 'Personnaliser',
  save: 'Enregistrer',
  close: 'Fermer',
  policy: 'Politique de confidentialité',
  policyUrl: '/confidentialite',
  prefsTitle: 'Préférences de confidentialité',
  prefsText:
    'Choisissez les finalités que vous acceptez. Votre choix est conservé 6 mois et vous pouvez le modifier à tout moment.',
  analytics: {
    label: 'Mesure d’audience',
    description:
      'Matomo mesure la fréquentation du site et les téléchargements de brochures, pour améliorer nos contenus.',
  },
  marketing: {
    label: 'Marketing',
    description: 'Personnaliser nos communications selon les services qui vous intéressent.',
  },
  formConsent:
    'J’autorise Exemple Informatique à me contacter de façon personnalisée à propos de ses services.',
};

/** Matomo's standard tracking snippet (matomo.org "JavaScript tracking client" guide), pointed at a local stub. */
export function matomoSnippet() {
  return `var _paq = window._paq = window._paq || [];
_paq.push(['trackPageView']);
_paq.push(['enableLinkTracking']);
(function() {
  var u = '/matomo/';
  _paq.push(['setTrackerUrl', u + 'matomo.php']);
  _paq.push(['setSiteId', '1']);
  var d = document, g = d.createElement('script'), s = d.getElementsByTagName('script')[0];
  g.async = true; g.src = u + 'matomo.js'; s.parentNode.insertBefore(g, s);
})();`;
}

const SITE_CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.6 Georgia,serif;color:#1d2330;background:#fafaf7}
header{display:flex;justify-content:space-between;align-items:center;padding:16px 32px;background:#14305a;color:#fff}
header a{color:#fff;margin-left:20px;text-decoration:none}main{max-width:960px;margin:0 auto;padding:24px 32px}
.hero{padding:48px 0}.hero h1{font-size:2.4em;margin:0 0 12px}.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:20px}
.card{background:#fff;border:1px solid #dde;border-radius:8px;padding:16px}form{display:grid;gap:12px;max-width:560px;background:#fff;padding:24px;border-radius:8px;border:1px solid #dde}
label{display:grid;gap:4px;font-weight:600}input,textarea{font:inherit;padding:8px;border:1px solid #889;border-radius:4px}
button{font:inherit;padding:10px 16px;background:#14305a;color:#fff;border:0;border-radius:4px}footer{padding:32px;background:#eee;margin-top:48px}`;

const SERVICES = [
  ['Infogérance', 'Supervision et maintenance de vos serveurs et postes, 24 h/24.'],
  [
    'Cybersécurité',
    'Audit, durcissement et sauvegardes externalisées de votre système d’information.',
  ],
  [
    'Développement',
    'Applications web et mobiles sur mesure, de la maquette à la mise en production.',
  ],
];

/**
 * The page: `head` gets the widget's tags (stylesheets, deferred scripts), `end` goes last in
 * `body`; `formAttrs` marks the contact form (Cachet's `data-cachet`).
 */
export function testPage({ head = '', end = '', formAttrs = '' } = {}) {
  const cards = SERVICES.map(([h, p]) => `<div class="card"><h3>${h}</h3><p>${p}</p></div>`).join(
    '',
  );
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Exemple Informatique — services informatiques aux entreprises</title>
<style>${SITE_CSS}</style>
${head}
</head><body>
<header><strong>Exemple Informatique</strong><nav><a href="/">Accueil</a><a href="/services">Services</a><a href="/brochure.pdf">Brochure</a><a href="#contact">Contact</a></nav></header>
<main>
<section class="hero"><h1>Votre informatique, entre de bonnes mains</h1>
<p>Depuis 2004, nous accompagnons les PME de la région : infogérance, sécurité, développement et formation. Une équipe locale, joignable par téléphone au 01 23 45 67 89.</p></section>
<section><h2>Nos services</h2><div class="cards">${cards}</div></section>
<section id="contact"><h2>Nous contacter</h2>
<form id="contact-form" action="/contact" method="post" ${formAttrs}>
<label>Nom <input name="name" autocomplete="name" required></label>
<label>Société <input name="company" autocomplete="organization"></label>
<label>E-mail <input name="email" type="email" autocomplete="email" required></label>
<label>Téléphone <input name="phone" type="tel" autocomplete="tel"></label>
<label>Votre demande <textarea name="message" rows="5" required></textarea></label>
<button type="submit">Envoyer</button>
</form></section>
</main>
<footer><p>Exemple Informatique SAS — 12 rue des Lilas, 75011 Paris — <a href="/confidentialite">Politique de confidentialité</a> — <a href="/mentions-legales">Mentions légales</a></p></footer>
${end}
</body></html>`;
}
