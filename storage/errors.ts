/**
 * Typed storage errors. Callers (background handlers, extension pages) show `message` to the user
 * as is, so it says what happened and what was kept.
 */

export class StorageError extends Error {
  override name = 'StorageError';
}

/** The browser refused to store more data (IndexedDB quota). The transaction was rolled back. */
export class StorageQuotaError extends StorageError {
  override name = 'StorageQuotaError';
  constructor(action: string, options?: { cause?: unknown }) {
    super(
      `PaperSift could not ${action}: the browser's storage for this extension is full. ` +
        'Nothing already saved was lost, but this change was not stored. ' +
        'Free some space (export and remove papers you no longer need, or clear other site data) and try again.',
      options,
    );
  }
}

export class PaperNotFoundError extends StorageError {
  override name = 'PaperNotFoundError';
  constructor(readonly ids: readonly string[]) {
    super(
      `Not in the reading list: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`,
    );
  }
}

/** True for a quota failure however Dexie/IndexedDB wrapped it (AbortError with inner, DOMException …). */
export function isQuotaError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const err = cur as { name?: unknown; inner?: unknown; cause?: unknown };
    if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    cur = err.inner ?? err.cause;
  }
  return false;
}

/** Runs a write; a quota failure becomes a StorageQuotaError naming the action. */
export async function guardWrite<T>(action: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageQuotaError(action, { cause: e });
    throw e;
  }
}
