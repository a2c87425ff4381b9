/** One signed record waiting in the outbox. */
export interface Entry {
  id: string;
  jws: string;
  /** When it was queued (ms), to send oldest first. */
  t: number;
}

/** The persistent outbox: three methods, so tests use a double (klaro's habit). */
export interface OutboxStore {
  all(): Promise<Entry[]>;
  put(e: Entry): Promise<void>;
  del(id: string): Promise<void>;
}

/** localStorage as JSON, one key per item; falls back to memory when storage throws (disabled, full). */
export type KV = ReturnType<typeof kv>;

/**
 * A small JSON key-value view of a Storage that never throws into the page. The storage is
 * opened at the first use: the first touch of `localStorage` is a synchronous round trip to the
 * browser process, which a page view with nothing to record never pays.
 */
export function kv(open: () => Storage | null) {
  const m = new Map<string, string>();
  let st: Storage | null | undefined;
  const S = () => {
    if (st === undefined) {
      st = null;
      try {
        st = open();
      } catch {}
    }
    return st;
  };
  const get = <T>(k: string): T | undefined => {
    try {
      const v = m.get(k) ?? S()?.getItem(k);
      return v ? JSON.parse(v) : undefined;
    } catch {}
  };
  return {
    /** Whether there is a storage that outlives the page (else everything stays in memory). */
    kept: () => !!S(),
    get,
    /** Stores a value; false when only memory holds it (storage disabled or full). */
    set(k: string, v: unknown): boolean {
      const j = JSON.stringify(v);
      try {
        S()!.setItem(k, j);
        m.delete(k);
        return true;
      } catch {
        m.set(k, j);
        return false;
      }
    },
    del(k: string) {
      m.delete(k);
      try {
        S()?.removeItem(k);
      } catch {}
    },
    /** Values of every key starting with `prefix`. */
    list<T>(prefix: string): T[] {
      const keys = new Set(m.keys());
      try {
        const st = S()!;
        for (let i = 0; i < st.length; i++) keys.add(st.key(i)!);
      } catch {}
      return [...keys].filter((k) => k.startsWith(prefix)).map((k) => get<T>(k)!);
    },
  };
}

/** The outbox in localStorage (fallback when IndexedDB is unavailable). */
export function localOutbox(s: KV, prefix = 'cachet:o:'): OutboxStore {
  return {
    all: async () => s.list<Entry>(prefix).filter(Boolean),
    put: async (e) => {
      s.set(prefix + e.id, e);
    },
    del: async (id) => s.del(prefix + id),
  };
}

/**
 * Opens the `cachet` database (outbox `o`, key pair `k`), or null where IndexedDB is unavailable
 * or the name is taken by a database without those stores.
 */
export function openDb(idb: IDBFactory | undefined): Promise<IDBDatabase | null> {
  return new Promise((done) => {
    try {
      const r = idb!.open('cachet', 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('o', { keyPath: 'id' });
        r.result.createObjectStore('k');
      };
      // A database of the same name that another script of the site made is not ours: leave it
      // alone and fall back to localStorage, rather than fail every transaction on it.
      r.onsuccess = () => {
        const db = r.result;
        const ours = ['o', 'k'].every((n) => db.objectStoreNames.contains(n));
        if (!ours) db.close();
        done(ours ? db : null);
      };
      r.onerror = r.onblocked = () => done(null);
    } catch {
      done(null);
    }
  });
}

/** Runs one request in its own transaction; resolves when the transaction commits. */
export function tx<T>(
  db: IDBDatabase,
  store: string,
  fn: (s: IDBObjectStore) => IDBRequest<T>,
  mode: IDBTransactionMode = 'readwrite',
): Promise<T> {
  return new Promise((ok, ko) => {
    const t = db.transaction(store, mode);
    const r = fn(t.objectStore(store));
    t.oncomplete = () => ok(r.result);
    t.onerror = t.onabort = () => ko(t.error);
  });
}

/** The outbox in IndexedDB: survives reloads and is shared by the site's tabs. */
export function idbOutbox(db: IDBDatabase): OutboxStore {
  return {
    all: () => tx(db, 'o', (s) => s.getAll(), 'readonly'),
    put: (e) => tx(db, 'o', (s) => s.put(e)).then(() => {}),
    del: (id) => tx(db, 'o', (s) => s.delete(id)).then(() => {}),
  };
}
