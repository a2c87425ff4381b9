/** Entry of the configurator page. */
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app')!;
// The static "Loading…" line goes: Preact renders into an empty container.
root.replaceChildren();
render(<App />, root);
