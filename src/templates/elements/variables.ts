// Derives an elements document's variable schema from its dynamic layers: `<key>.text` for
// text, `<key>.img` for images, each defaulting to what the layer draws unbound.
import type { ResolvedElementsDocument } from './schema.ts';
import { validateElements } from './validate.ts';
import type { TemplateVariable } from './variable.ts';

/** Accepts a raw document (validated first) or one validateElements already resolved. */
export function elementsSchema(doc: unknown): TemplateVariable[] {
  const resolved: ResolvedElementsDocument = validateElements(doc);
  const variables: TemplateVariable[] = [];
  for (const layer of resolved.elements) {
    if (layer.dynamicKey === undefined) continue;
    const label = layer.placeholder ?? layer.name ?? layer.dynamicKey;
    if (layer.type === 'text') {
      variables.push({
        name: `${layer.dynamicKey}.text`,
        type: 'text',
        default: layer.text,
        placeholder: label,
      });
    } else if (layer.type === 'image') {
      variables.push({
        name: `${layer.dynamicKey}.img`,
        type: 'image',
        default: layer.src,
        placeholder: label,
      });
    }
  }
  return variables;
}
