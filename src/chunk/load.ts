import { startPipeline } from '../record/pipeline';
import { PreferencesDialog } from '../ui/preferences-dialog';
import { dialogCss } from '../ui/styles';
import type { Prefs } from './prefs';

/*
 * The on-demand parts, bundled in: the ES module build (a site's bundler splits them if it wants)
 * and the unit tests. The script-tag build replaces this file with ./load-script.ts
 * (vite.config.ts), which loads them as dist/cachet-records.js and dist/cachet-prefs.js.
 */

/** The preferences dialog when it is already here (bundled), so it opens in the same task. */
export const bundledPrefs: Prefs | undefined = { PreferencesDialog, dialogCss };
export const loadPrefs = async (): Promise<Prefs> => ({ PreferencesDialog, dialogCss });
export const loadPipeline = async () => startPipeline;
