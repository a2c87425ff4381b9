// Writes demo/site/plaquette-sociatex.pdf: a real one-page PDF 1.4 brochure, by hand (no
// dependency). Text uses the standard Helvetica fonts with WinAnsiEncoding (PDF 1.7 §9.6.2.2,
// Annex D), so no font file is embedded. Run: node demo/tools/make-brochure.mjs
import { writeFileSync } from 'node:fs';

// WinAnsi code points for the few characters outside Latin-1 that French typography uses.
const WIN = { '’': 0x92, '–': 0x96, '—': 0x97, '…': 0x85, '€': 0x80, '•': 0x95 };
const enc = (s) =>
  Buffer.from([...s].map((c) => WIN[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f)));
const str = (s) =>
  Buffer.concat([
    Buffer.from('('),
    Buffer.from(
      [...enc(s)].flatMap((b) => (b === 0x28 || b === 0x29 || b === 0x5c ? [0x5c, b] : [b])),
    ),
    Buffer.from(')'),
  ]);

const ops = [];
const raw = (s) => ops.push(Buffer.from(`${s}\n`));
const text = (font, size, x, y, s, rgb = '0.059 0.122 0.239') => {
  raw(`${rgb} rg BT /${font} ${size} Tf ${x} ${y} Td`);
  ops.push(str(s), Buffer.from(' Tj ET\n'));
};

// Header band.
raw('0.114 0.306 0.847 rg 0 712 595 130 re f');
raw('1 1 1 rg 48 770 34 34 re f');
raw('0.961 0.620 0.043 rg 74 770 8 8 re f');
text('F2', 24, 57, 778, 'S', '0.114 0.306 0.847');
text('F2', 26, 96, 778, 'SOCIATEX', '1 1 1');
text(
  'F1',
  12,
  48,
  740,
  'Société de Services du Numérique · 15 rue des Halles, 75001 Paris',
  '0.88 0.91 1',
);
text('F2', 20, 48, 668, 'Votre informatique, entre de bonnes mains.');
text(
  'F1',
  11.5,
  48,
  646,
  'Nous installons, maintenons, sauvegardons et protégeons le système d’information',
  '0.333 0.376 0.455',
);
text(
  'F1',
  11.5,
  48,
  631,
  'des TPE et PME. Vos données restent en France, sur des serveurs que nous maîtrisons.',
  '0.333 0.376 0.455',
);

const services = [
  [
    'Infogérance et dépannage',
    'Postes et serveurs, assistance à distance ou sur site.',
    'dès 39 € HT / poste / mois',
  ],
  [
    'Sauvegarde externalisée',
    'Sauvegardes chiffrées (Acronis), stockées à Strasbourg.',
    'dès 19 € HT / mois',
  ],
  [
    'Antivirus infogéré',
    'Protection BitDefender surveillée par nos techniciens.',
    'dès 4 € HT / poste / mois',
  ],
  ['Hébergement en France', 'Centre de données sécurisé à Albi (81).', 'sur devis'],
  ['Noms de domaine', 'Enregistrement et renouvellement (Gandi, OVH).', 'dès 15 € HT / an'],
  ['Formation', 'Bureautique, sécurité, bonnes pratiques.', 'sur devis'],
];
let y = 585;
text('F2', 14, 48, y, 'Nos services');
y -= 14;
for (const [name, desc, price] of services) {
  y -= 38;
  raw(`0.910 0.933 0.988 rg 48 ${y - 8} 499 34 re f`);
  text('F2', 11.5, 60, y + 10, name);
  text('F1', 10, 60, y - 2, desc, '0.333 0.376 0.455');
  text('F2', 10, 400, y + 4, price, '0.114 0.306 0.847');
}
y -= 48;
text('F2', 14, 48, y, 'Nos trois engagements');
const commitments = [
  'Un usage restreint au maximum',
  'Un traitement responsable',
  'Une utilisation transparente',
];
for (const c of commitments) {
  y -= 20;
  raw(`0.043 0.478 0.333 rg 52 ${y} 7 7 re f`);
  text('F1', 11, 68, y, c);
}
// Footer band.
raw('0.059 0.122 0.239 rg 0 0 595 70 re f');
text('F2', 12, 48, 40, 'Contact : +33 1 83 64 64 04 · contact[at]sociatex.com', '1 1 1');
text(
  'F1',
  9.5,
  48,
  24,
  'Tarifs indicatifs HT, document non contractuel. Version janvier 2022.',
  '0.75 0.80 0.88',
);

const content = Buffer.concat(ops);
const objects = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>',
  Buffer.concat([
    Buffer.from(`<< /Length ${content.length} >>\nstream\n`),
    content,
    Buffer.from('endstream'),
  ]),
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  '<< /Title (Plaquette SOCIATEX) /Author (GROUPE SOCIATEX) /Producer (Cachet demo) >>',
];
const parts = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
const offsets = [];
let pos = parts[0].length;
objects.forEach((o, i) => {
  const b = Buffer.concat([
    Buffer.from(`${i + 1} 0 obj\n`),
    Buffer.isBuffer(o) ? o : Buffer.from(o),
    Buffer.from('\nendobj\n'),
  ]);
  offsets.push(pos);
  parts.push(b);
  pos += b.length;
});
// Cross-reference table: every entry exactly 20 bytes (PDF 1.7 §7.5.4).
const xref = [
  `xref\n0 ${objects.length + 1}\n`,
  '0000000000 65535 f \n',
  ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
].join('');
parts.push(
  Buffer.from(
    `${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${pos}\n%%EOF\n`,
  ),
);
const out = new URL('../site/plaquette-sociatex.pdf', import.meta.url);
writeFileSync(out, Buffer.concat(parts));
console.log(`wrote ${out.pathname}`);
