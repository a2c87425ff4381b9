/** Replaced at build time with the package version (vite.config.ts `define`). */
declare const __CACHET_VERSION__: string;
