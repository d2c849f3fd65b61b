// Turns stored templates and presets into the /v1/templates reply shapes.
import type { Template, TemplateOptions, TemplateSummary } from '../../storage/db/index.ts';
import { presets } from '../../templates/presets/index.ts';
import { PRESET_PREFIX } from '../../templates/service.ts';
import type { VariableSchema } from '../../templates/types.ts';

function optionFields(options: TemplateOptions) {
  return {
    width: options.width ?? null,
    height: options.height ?? null,
    format: options.format ?? null,
    quality: options.quality ?? null,
    scale: options.devicePixelRatio ?? null,
  };
}

export function summaryReply(template: TemplateSummary & { version?: number }) {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    kind: template.kind,
    version: template.version ?? template.currentVersion,
    read_only: false,
    ...optionFields(template.options),
    created_at: template.createdAt,
    updated_at: template.updatedAt,
  };
}

export function templateReply(template: Template) {
  const schema = template.schema as unknown as VariableSchema;
  return {
    ...summaryReply(template),
    current_version: template.currentVersion,
    source: template.source,
    variables: schema.variables,
  };
}

/** Presets as read-only starter templates, version 1 forever. */
export function presetReply(name: string) {
  const preset = presets[name]!;
  return {
    id: `${PRESET_PREFIX}${name}`,
    name: preset.name,
    description: preset.description,
    kind: 'preset',
    version: 1,
    read_only: true,
    ...optionFields(preset.defaults),
    created_at: null,
    updated_at: null,
    current_version: 1,
    source: null,
    variables: [...preset.variables],
  };
}

export const presetSummaries = () =>
  Object.keys(presets).map((name) => {
    const { current_version: _v, source: _s, variables: _vars, ...summary } = presetReply(name);
    return summary;
  });
