// Brotli bytes of the script-tag entry with only the given modules (default: ui), for A/B work
// on the core. The build is left in /tmp/cachet-core/cachet.js. Usage: node scripts/dev/core-size.mjs [module…]
import { variantSize } from './variant-size.mjs';

const names = process.argv.slice(2).length ? process.argv.slice(2) : ['ui'];
const { raw, br } = await variantSize(names, '/tmp/cachet-core');
console.log(`${names.join('+')}: ${raw} B raw, ${br} B brotli`);
