/**
 * The background's one entry for requests: checks who sent it, validates it with the protocol's
 * validators, dispatches to a typed handler and answers with a `Result`. It never throws to the
 * caller: every failure becomes `{ ok: false, error }` with a message a user can read (issue 7).
 */
import { EXTENSION_PAGE_ONLY, type MessageType, parseEnvelope, type Result } from '../../lib/protocol';
import { StorageError } from '../../storage/errors';
import type { BackgroundDeps, SenderLike } from './deps';
import { abstractHandlers } from './handlers/abstracts';
import { paperHandlers } from './handlers/papers';
import { settingsHandlers } from './handlers/settings';
import { topicHandlers } from './handlers/topics';
import { type Handler, HandlerError, type HandlerTable } from './handlers/types';

const handlers = {
  ...paperHandlers,
  ...settingsHandlers,
  ...abstractHandlers,
  ...topicHandlers,
} satisfies HandlerTable<MessageType>;

function isExtensionPage(sender: SenderLike, deps: BackgroundDeps): boolean {
  return typeof sender.url === 'string' && sender.url.startsWith(deps.extensionOrigin);
}

export async function handleMessage(
  raw: unknown,
  sender: SenderLike,
  deps: BackgroundDeps,
): Promise<Result<unknown>> {
  // runtime.onMessage only fires for our own contexts, but a check costs nothing and documents the rule.
  if (!sender || sender.id !== deps.extensionId) {
    return { ok: false, error: 'Refused: messages are accepted only from PaperSift itself' };
  }
  const parsed = parseEnvelope(raw);
  if (!parsed.ok) return { ok: false, error: `Invalid message: ${parsed.error}` };
  const { type, payload } = parsed.value;
  const fromExtensionPage = isExtensionPage(sender, deps);
  if (EXTENSION_PAGE_ONLY.has(type) && !fromExtensionPage) {
    return { ok: false, error: `Refused: ${type} is available to PaperSift's own pages only` };
  }
  try {
    const handler = handlers[type] as Handler<typeof type>;
    const value = await handler(payload as never, { deps, sender, fromExtensionPage });
    return { ok: true, value };
  } catch (e) {
    if (e instanceof StorageError || e instanceof HandlerError) return { ok: false, error: e.message };
    deps.log?.(`${type} failed`, e);
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `PaperSift could not complete ${type}: ${detail}` };
  }
}
