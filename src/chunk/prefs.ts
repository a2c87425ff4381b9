// Entry of dist/cachet-prefs.js: the preferences dialog and its styles, which cachet.js loads when
// the visitor asks for them (./load-script.ts); most visitors decide on the banner and never do.
import { PreferencesDialog } from '../ui/preferences-dialog';
import { dialogCss } from '../ui/styles';

export type Prefs = { PreferencesDialog: typeof PreferencesDialog; dialogCss: string };

document.dispatchEvent(
  new CustomEvent<Prefs>('cachet:prefs', { detail: { PreferencesDialog, dialogCss } }),
);
