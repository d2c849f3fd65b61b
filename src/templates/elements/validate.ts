// Validates an `elements` document layer by layer, so an error names `elements[3].fontSize`
// rather than "no branch of the union matched", and fills in every default.
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describeValue } from '../../errors/placard-error.ts';
import { problemsError, schemaProblems, type FieldProblem } from './problems.ts';
import {
  ElementsDocumentSchema,
  elementLimits,
  layerSchemas,
  layerTypes,
  type LayerType,
  type ResolvedElementsDocument,
} from './schema.ts';

/** The document without its layers' shapes: layers are checked one by one below. */
const DocumentShape = Type.Object(
  {
    ...ElementsDocumentSchema.properties,
    elements: Type.Array(Type.Unknown(), { maxItems: elementLimits.maxLayers }),
  },
  { additionalProperties: false },
);

const isLayerType = (value: unknown): value is LayerType =>
  typeof value === 'string' && (layerTypes as string[]).includes(value);

function layerProblems(layer: unknown, index: number): FieldProblem[] {
  const prefix = `elements[${index}]`;
  if (layer === null || typeof layer !== 'object' || Array.isArray(layer)) {
    const received = describeValue(layer);
    return [{ field: prefix, message: `${prefix} must be a layer object; received ${received}`, received }];
  }
  const type = (layer as { type?: unknown }).type;
  if (!isLayerType(type)) {
    const field = `${prefix}.type`;
    const allowed = `one of ${layerTypes.map((t) => JSON.stringify(t)).join(', ')}`;
    const received = describeValue(type);
    return [{ field, message: `${field} must be ${allowed}; received ${received}`, allowed, received }];
  }
  return schemaProblems(layerSchemas[type], layer, prefix);
}

function duplicateKeys(layers: readonly unknown[]): FieldProblem[] {
  const firstAt = new Map<string, number>();
  const problems: FieldProblem[] = [];
  layers.forEach((layer, index) => {
    const key = (layer as { dynamicKey?: unknown }).dynamicKey;
    if (typeof key !== 'string') return;
    const first = firstAt.get(key);
    if (first === undefined) {
      firstAt.set(key, index);
      return;
    }
    const field = `elements[${index}].dynamicKey`;
    problems.push({
      field,
      message: `${field} must be unique; received ${JSON.stringify(key)}, already used by elements[${first}]`,
      received: key,
    });
  });
  return problems;
}

/**
 * Checks an elements document and returns a copy with every default filled in. Throws one
 * VALIDATION_FAILED listing every problem found (up to 20), each naming its field.
 */
export function validateElements(doc: unknown): ResolvedElementsDocument {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw problemsError(
      [{ field: 'elements document', message: `must be an object; received ${describeValue(doc)}` }],
      'Invalid elements document',
    );
  }
  const problems = schemaProblems(DocumentShape, doc);
  const layers = (doc as { elements?: unknown }).elements;
  if (Array.isArray(layers) && layers.length <= elementLimits.maxLayers) {
    layers.forEach((layer, index) => problems.push(...layerProblems(layer, index)));
    problems.push(...duplicateKeys(layers));
  }
  if (problems.length > 0) throw problemsError(problems, 'Invalid elements document');
  // Validated above, so the defaults are the only thing missing from the resolved type.
  return Value.Default(ElementsDocumentSchema, Value.Clone(doc)) as ResolvedElementsDocument;
}
