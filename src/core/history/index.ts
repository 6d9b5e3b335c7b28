/**
 * The authority history: eras and the crosswalk between their judgements (`crosswalk`), the model
 * (`model`), its Vega-Lite specification (`spec`), tables of the same data (`tables`) and the
 * self-contained HTML page (`html`). Rendering with Vega is in `render`, imported on its own by
 * whoever draws (it brings Vega in).
 */
export * from './crosswalk';
export * from './model';
export * from './filter';
export * from './spec';
export * from './tables';
export * from './html';
export * from './messages';
