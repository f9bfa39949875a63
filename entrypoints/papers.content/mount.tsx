/** Renders the sidebar container into the shadow root's container element. */
import { render } from 'preact';
import { App, type AppProps } from './app';

export function mountApp(container: HTMLElement, props: AppProps): HTMLElement {
  render(<App {...props} />, container);
  return container;
}
