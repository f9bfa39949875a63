import type { BackgroundEvent } from '../../lib/protocol';
import type { Broadcaster, ExtensionApi } from './deps';

// Tabs without our content script (and the case "no extension page open") reject with
// "Receiving end does not exist"; that is expected, so those rejections are dropped.
const ignore = () => {};
const quietly = (send: () => Promise<unknown>) => {
  try {
    send().catch(ignore);
  } catch {
    // Some engines throw synchronously for a closed tab; same meaning.
  }
};

/**
 * Broadcasts through `tabs.sendMessage` (content scripts) and `runtime.sendMessage` (extension
 * pages: reading list, options, popup). Fire-and-forget: a write never waits for, or fails
 * because of, a tab that does not answer.
 */
export function createBroadcaster(api: ExtensionApi): Broadcaster {
  const origin = api.runtime.getURL('/');
  return {
    all(event: BackgroundEvent) {
      quietly(() => api.runtime.sendMessage(event));
      quietly(() =>
        api.tabs.query({}).then((tabs) => {
          for (const t of tabs) {
            const id = t.id;
            // Extension pages in tabs already got it through runtime.sendMessage: don't send it twice.
            if (id !== undefined && !t.url?.startsWith(origin))
              quietly(() => api.tabs.sendMessage(id, event));
          }
        }),
      );
    },
    tab(tabId: number, event: BackgroundEvent, frameId?: number) {
      quietly(() => api.tabs.sendMessage(tabId, event, frameId === undefined ? undefined : { frameId }));
    },
  };
}

/** Opens the reading list, or focuses it when a tab already shows it. */
export async function openReadingList(api: ExtensionApi): Promise<void> {
  const url = api.runtime.getURL('/reading-list.html');
  const tabs = await api.tabs.query({});
  const open = tabs.find((t) => t.url?.split(/[?#]/)[0] === url);
  if (open?.id !== undefined) {
    await api.tabs.update(open.id, { active: true });
    if (open.windowId !== undefined) await api.windows?.update(open.windowId, { focused: true });
    return;
  }
  await api.tabs.create({ url, active: true });
}
