/** A tiny typed event emitter in the style of mitt: `on` returns its own unsubscribe. */
export interface Emitter<E extends Record<string, unknown>> {
  on<K extends keyof E>(type: K, fn: (payload: E[K]) => void): () => void;
  emit<K extends keyof E>(type: K, payload: E[K]): void;
}

/**
 * Each event also goes to `document` as a `cachet:<type>` CustomEvent (orestbida's habit), and
 * integrator callbacks that throw are reported, never allowed to break the widget.
 */
export function createEmitter<E extends Record<string, unknown>>(
  target: EventTarget | null = typeof document === 'undefined' ? null : document,
): Emitter<E> {
  const map = new Map<keyof E, Set<(p: never) => void>>();
  return {
    on(type, fn) {
      const set = map.get(type) ?? new Set();
      map.set(type, set);
      set.add(fn as never);
      return () => void set.delete(fn as never);
    },
    emit(type, payload) {
      for (const fn of [...(map.get(type) ?? [])]) {
        try {
          (fn as (p: E[typeof type]) => void)(payload);
        } catch (e) {
          console.error(`Cachet: a "${type as string}" listener threw`, e);
        }
      }
      // Listeners of a DOM event cannot throw into dispatchEvent (DOM §2.9: errors are reported).
      target?.dispatchEvent(new CustomEvent(`cachet:${type as string}`, { detail: payload }));
    },
  };
}
