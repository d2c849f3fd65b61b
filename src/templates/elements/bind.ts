// Reads render data for an elements document: `<key>.text` (or plain `<key>`) for text layers,
// `<key>.img` for image layers, as Audome projects do. Unknown or mistyped keys are refused.
import { describeValue } from '../../errors/placard-error.ts';
import { problemsError, type FieldProblem } from './problems.ts';
import { elementLimits, type ResolvedElementsDocument } from './schema.ts';

export interface BindOptions {
  /** `reject` (default): a key no layer declares is a 400; `ignore`: it is skipped. */
  unknownKeys?: 'reject' | 'ignore';
}

interface Slot {
  index: number;
  kind: 'text' | 'img';
}

const IMAGE_URL = /^(https?:\/\/\S+|data:image\/[a-z0-9.+-]+(;[^,]*)?,\S*)$/i;

/** Every name render data may use, mapped to the layer it sets. */
export function bindingSlots(doc: ResolvedElementsDocument): Map<string, Slot> {
  const slots = new Map<string, Slot>();
  doc.elements.forEach((layer, index) => {
    if (layer.dynamicKey === undefined) return;
    if (layer.type === 'text') {
      slots.set(`${layer.dynamicKey}.text`, { index, kind: 'text' });
      slots.set(layer.dynamicKey, { index, kind: 'text' });
    } else if (layer.type === 'image') {
      slots.set(`${layer.dynamicKey}.img`, { index, kind: 'img' });
    }
  });
  return slots;
}

function readValue(name: string, kind: Slot['kind'], value: unknown): string | FieldProblem {
  if (kind === 'text') {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value === 'string' && value.length <= elementLimits.maxTextLength) return value;
    const allowed = `text of at most ${elementLimits.maxTextLength} characters`;
    const received = describeValue(value);
    return { field: name, message: `${name} must be ${allowed}; received ${received}`, allowed, received };
  }
  if (typeof value === 'string' && value.length <= elementLimits.maxImageUrlLength && IMAGE_URL.test(value)) {
    return value;
  }
  const allowed = 'an http(s) URL or a data:image URL';
  const received = describeValue(value);
  return { field: name, message: `${name} must be ${allowed}; received ${received}`, allowed, received };
}

/** The bound value per layer index; throws one VALIDATION_FAILED naming every bad key. */
export function bindData(
  slots: ReadonlyMap<string, Slot>,
  data: Record<string, unknown>,
  options: BindOptions = {},
): Map<number, string> {
  const values = new Map<number, string>();
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    const slot = slots.get(name);
    if (!slot) {
      if (options.unknownKeys === 'ignore') continue;
      const known = [...slots.keys()].filter((key) => key.includes('.'));
      const allowed = known.length > 0 ? `one of ${known.join(', ')}` : 'nothing: no layer has a dynamicKey';
      problems.push({
        field: name,
        message: `${name} is not a dynamic element; allowed: ${allowed}`,
        allowed,
      });
      continue;
    }
    const read = readValue(name, slot.kind, value);
    if (typeof read === 'string') values.set(slot.index, read);
    else problems.push(read);
  }
  if (problems.length > 0) throw problemsError(problems, 'Invalid render data');
  return values;
}
