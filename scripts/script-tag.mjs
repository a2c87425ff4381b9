// What the build does to vite's output before it ships: one place, used by scripts/build.mjs and
// by the dev size/time variants so they measure what a site gets.
import { unwrapIife } from './unwrap-iife.mjs';

/**
 * ASCII-only output: a site may serve cachet.js without a charset, and a page in another
 * encoding would then garble « é » and ’ in the texts. Non-ASCII characters only occur in
 * string, template and regex literals, where \uXXXX escapes mean the same.
 */
export const asciiOnly = (src) =>
  src.replace(/[^\p{ASCII}]/gu, (c) =>
    c
      .split('')
      .map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );

/**
 * A script-tag file (cachet.js, cachet-records.js): ASCII-only, the IIFE turned into a strict
 * block (./unwrap-iife.mjs), and V8's explicit compile hint first (v8.dev/blog/explicit-compile-hints,
 * Chrome 136+): nearly every function runs at start-up, so Chromium compiles them on the thread
 * that streams the script instead of lazily on the main thread. Other engines ignore a comment.
 */
export const scriptTagFile = (src) => `//# allFunctionsCalledOnLoad\n${unwrapIife(asciiOnly(src))}`;
