// Entry of dist/cachet-records.js: signing and delivery, which cachet.js loads once there is a
// record to sign or send (./load-script.ts).
import { startPipeline } from '../record/pipeline';

document.dispatchEvent(new CustomEvent('cachet:records', { detail: startPipeline }));
