// The `elements` template kind: JSON layer documents compiled to the intermediate form.
export { compileElements, type ElementsBinder } from './compile.ts';
export type { BindOptions } from './bind.ts';
export { validateElements } from './validate.ts';
export { elementsSchema } from './variables.ts';
export {
  ElementsDocumentSchema,
  ImageLayerSchema,
  RectangleLayerSchema,
  TextLayerSchema,
  elementLimits,
  type ElementsDocument,
  type ImageLayer,
  type Layer,
  type RectangleLayer,
  type ResolvedElementsDocument,
  type TextLayer,
} from './schema.ts';
export type { FieldProblem } from './problems.ts';
export type { TemplateVariable, VariableType } from './variable.ts';
export { escapeHtml } from './html.ts';
