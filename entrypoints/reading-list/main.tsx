import { render } from 'preact';

render(<main>Reading list</main>, document.getElementById('app') as HTMLElement);
