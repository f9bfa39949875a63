/** A shallow-props memo (preact/compat's `memo` without pulling compat into the content script). */
import { Component, type ComponentChild, type FunctionComponent, h } from 'preact';

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  return true;
}

export function memo<P extends object>(fn: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !shallowEqual(this.props, next);
    }
    override render(props: P): ComponentChild {
      return h(fn, props);
    }
  }
  return Memo as unknown as FunctionComponent<P>;
}
