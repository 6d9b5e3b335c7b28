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
