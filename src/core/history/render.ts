/**
 * Rendering a history specification: Vega-Lite compiles it to Vega, Vega parses it with
 * expressions as syntax trees (`ast: true`) and runs them with its expression interpreter, never
 * generating code, so the same path works in Node and in a webview whose Content-Security-Policy
 * forbids `unsafe-eval`. Pure JavaScript, no Node built-ins.
 */
import type { Spec, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega and Vega-Lite are ES modules (one of Vega's own modules awaits at its top level), so in
 * Node they are loaded with `import()`; the bundles inline them.
 */
async function libraries(): Promise<{ vega: typeof import('vega'); vegaLite: typeof import('vega-lite'); interpreter: typeof import('vega-interpreter') }> {
  const [vega, vegaLite, interpreter] = await Promise.all([import('vega'), import('vega-lite'), import('vega-interpreter')]);
  return { vega, vegaLite, interpreter };
}

/** The Vega specification of a Vega-Lite one. */
export async function toVega(spec: Record<string, unknown>): Promise<Spec> {
  const { vegaLite } = await libraries();
  return vegaLite.compile(spec as unknown as TopLevelSpec).spec;
}

/** A headless Vega view of a Vega-Lite specification (no renderer, no container). */
export async function headlessView(spec: Record<string, unknown>): Promise<View> {
  const { vega, vegaLite, interpreter } = await libraries();
  const runtime = vega.parse(vegaLite.compile(spec as unknown as TopLevelSpec).spec, undefined, { ast: true });
  return new vega.View(runtime, { expr: interpreter.expressionInterpreter, renderer: 'none' });
}

/** The chart as a standalone SVG document. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const view = await headlessView(spec);
  try {
    const svg = await view.toSVG();
    return svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  } finally {
    view.finalize();
  }
}
