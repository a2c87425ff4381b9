/** Entry of the configurator page. */
import { render } from 'preact';
import { App } from './app';

render(<App />, document.getElementById('app')!);
