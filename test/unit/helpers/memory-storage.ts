import type { ConsentStorage } from '../../../src/consent/types';

/** A consent storage double: keeps the value and its expiry in memory. */
export function memoryStorage(
  initial?: string,
): ConsentStorage & { value?: string; expires?: Date } {
  const s: ConsentStorage & { value?: string; expires?: Date } = {
    value: initial,
    read: () => s.value,
    write(v, e) {
      s.value = v;
      s.expires = e;
    },
    remove() {
      s.value = undefined;
    },
  };
  return s;
}
