// Types every template kind shares: the variable schema and what a resolved template offers
// the pipeline. Every kind compiles to the one intermediate form, RenderDocument.
import type { RenderDocument } from '../engines/types.ts';
import type { PresetFitTarget } from '../fit/index.ts';
import type { TemplateOptions } from '../storage/db/index.ts';
export type { TemplateVariable, VariableType } from './elements/variable.ts';
import type { TemplateVariable } from './elements/variable.ts';

export type TemplateKindName = 'html' | 'jsx' | 'elements' | 'preset' | 'document';

/** The schema GET /v1/templates/:id/schema returns, and renders are checked against. */
export interface VariableSchema {
  variables: TemplateVariable[];
  /** Names cannot all be known ahead (a Handlebars lookup): unknown variables are accepted. */
  open: boolean;
}

/** A template ready to bind: from a request (inline) or from storage (by id and version). */
export interface ResolvedTemplate {
  kind: TemplateKindName;
  /** Names this exact template content (a content hash, or id@version): part of cache keys. */
  identity: string;
  schema: VariableSchema;
  /** The template's own render defaults; a request overrides each. */
  options: TemplateOptions;
  bind(variables: Record<string, unknown>, context: BindContext): Promise<RenderDocument> | RenderDocument;
  /**
   * Presets only: the document factory and size ranges auto-fit searches, from the sizes the
   * variables ask for downwards ('requested') or over the whole accepted range ('range').
   */
  fitTarget?(
    variables: Record<string, unknown>,
    size: { width: number; height: number },
    upTo: 'requested' | 'range',
  ): PresetFitTarget;
}

export interface BindContext {
  signal: AbortSignal;
  /** The final CSS size of the render: presets scale their layout to it. */
  width: number;
  height: number;
}
