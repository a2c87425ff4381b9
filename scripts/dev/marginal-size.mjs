// Marginal brotli bytes of each module in dist/cachet.js: build the script-tag entry without it.
// Usage: node scripts/dev/marginal-size.mjs
import { MODULES, variantSize } from './variant-size.mjs';

const names = Object.keys(MODULES);
const full = (await variantSize(names)).br;
console.log(`all modules: ${full} B brotli`);
console.log(`no module:   ${(await variantSize([])).br} B brotli`);
for (const n of names)
  console.log(`${n.padEnd(8)} +${full - (await variantSize(names.filter((x) => x !== n))).br} B`);
