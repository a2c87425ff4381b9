import type { Module } from './api/context';
import { record } from './record';
import { ui } from './ui';

/**
 * The modules started by init(), in order. Order matters: the record module subscribes first,
 * so a form decision is in the outbox before any other subscriber runs.
 */
export const modules: Module[] = [record, ui];
