/** Path of Debian's Chromium (CHROMIUM_PATH overrides it). */
export const CHROMIUM: string;
/** Flags for a quiet headless Chromium on a machine without network. */
export const CHROMIUM_ARGS: string[];
