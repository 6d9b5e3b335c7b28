/** Provided by esbuild.js: every test/web/*.spec.ts, loaded on demand. */
declare module 'ilacs-web-specs' {
  export const specs: { file: string; load: () => unknown }[];
}

/** Mocha's browser build: the `mocha` instance of the browser API. */
declare module 'mocha/mocha.js' {
  const mocha: BrowserMocha;
  export default mocha;
}

/** A PDF fixture, bundled as its bytes (esbuild's binary loader, see esbuild.js). */
declare module '*.pdf' {
  const bytes: Uint8Array;
  export default bytes;
}

/** Provided by esbuild.js: a real report from ../shared/reports, or null when that folder is not beside the project. */
declare module 'ilacs-web-shared-report' {
  const report: { name: string; pdf: Uint8Array; text: string } | null;
  export default report;
}
