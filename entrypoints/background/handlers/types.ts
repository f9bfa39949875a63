import type { MessageType, Request, Response } from '../../../lib/protocol';
import type { BackgroundDeps, SenderLike } from '../deps';

export interface HandlerContext {
  deps: BackgroundDeps;
  sender: SenderLike;
  /** True for extension pages (reading list, options, popup), false for content scripts. */
  fromExtensionPage: boolean;
}

export type Handler<K extends MessageType> = (req: Request<K>, ctx: HandlerContext) => Promise<Response<K>>;

export type HandlerTable<K extends MessageType> = { [P in K]: Handler<P> };

/** A failure whose message is meant for the user as is (no "internal error" wrapper). */
export class HandlerError extends Error {
  override name = 'HandlerError';
}
