/**
 * The entry of `dist/pdfjs.js`: pdf.js and its worker's message handler in one file beside the
 * extension and CLI bundles, which load it only when a PDF is imported (see esbuild.js). Not
 * imported by the sources themselves.
 */
export * from 'pdfjs-dist/legacy/build/pdf.mjs';
export { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
