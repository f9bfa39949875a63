// fake-indexeddb gives Dexie a real IndexedDB implementation in Node (storage tests).
import 'fake-indexeddb/auto';
