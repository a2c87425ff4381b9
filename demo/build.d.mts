/** Builds the configurator bundle into `outDir` (index.html, preview.html, assets/). */
export function buildConfigurator(outDir: string): Promise<void>;
/** Builds the configurator and the demo server into `outDir` (default dist/demo). */
export function buildDemo(outDir?: string): Promise<void>;
