// The variable schema entry every template kind derives (GET /v1/templates/:id/schema). Lives
// here until a shared src/templates/types.ts exists; presets import it from this file.

/** `boolean` is for switches such as a preset's autoFit; the other four are the documented types. */
export type VariableType = 'text' | 'image' | 'colour' | 'number' | 'boolean';

export interface TemplateVariable {
  /** The name render data uses: `title.text`, `hero.img`, `accent`. */
  name: string;
  type: VariableType;
  /** What the template draws when the variable is not given (null: derived from the size). */
  default: string | number | boolean | null;
  /** A hint for editors: an example value or what the field is for. */
  placeholder: string;
  /** For enumerated text fields: every accepted value. */
  options?: readonly string[];
  /** For numbers: the accepted range, inclusive. */
  min?: number;
  max?: number;
}
