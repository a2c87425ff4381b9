import { gcm } from './adapters/gcm';
import { matomo } from './adapters/matomo';
import { scripts } from './adapters/scripts';
import type { Module } from './api/context';
import { forms } from './forms';
import { record } from './record';
import { ui } from './ui';

/**
 * The modules started by init(), in order. Order matters: the record module subscribes first,
 * so a form decision is in the outbox before any other subscriber runs; Google Consent Mode's
 * default goes out before Matomo or any blocked script may load a tag; forms come after the UI,
 * whose setLang they chain to relabel their boxes.
 */
export const modules: Module[] = [record, gcm, matomo, scripts, ui, forms];
