// Entry of dist/cachet-records.js, loaded on demand by cachet.js (./load-script.ts), as a classic
// script or a module: it hands its start function over without a global.
import { startPipeline } from './pipeline';

document.dispatchEvent(new CustomEvent('cachet:records', { detail: startPipeline }));
