/** Typed client for the background protocol (content scripts and extension pages). */
import browser from 'webextension-polyfill';
import type { MessageType, Request, Response, Result } from './protocol';

export class BackgroundError extends Error {
  override name = 'BackgroundError';
}

export async function send<K extends MessageType>(type: K, payload: Request<K>): Promise<Response<K>> {
  const res = (await browser.runtime.sendMessage({ type, payload })) as Result<Response<K>> | undefined;
  if (!res) throw new BackgroundError(`No answer from the PaperSift background for ${type}`);
  if (!res.ok) throw new BackgroundError(res.error);
  return res.value;
}
