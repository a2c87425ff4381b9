import type { Module } from '../api/context';

/** Signed consent records: build, sign, persist, deliver (docs/records.md). */
export const record: Module = () => undefined;
