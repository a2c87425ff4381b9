import { startPipeline } from './pipeline';

/**
 * The pipeline, bundled in: the ES module build (a site's bundler splits it if it wants) and
 * the unit tests. The script-tag build replaces this file with ./load-script.ts (vite.config.ts).
 */
export const loadPipeline = async () => startPipeline;
