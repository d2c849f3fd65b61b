// What to tell someone whose PLACARD_* variable is not a setting: the setting they most likely
// meant (a typo, or a name cut short), else that the PLACARD_ prefix is reserved for settings,
// so a shell variable of their own (an API key for curl, say) needs another name.
import { distance } from 'fastest-levenshtein';

/** Edits allowed for a typo: two, or a third of the part after PLACARD_ for long names. */
const maxEdits = (name: string) => Math.max(2, Math.floor((name.length - 'PLACARD_'.length) / 3));

/**
 * The known setting `name` most likely meant, if one is close enough to be a fair guess; for a
 * name cut short, every setting it starts (PLACARD_REDIS: "PLACARD_REDIS_URL or PLACARD_REDIS_PREFIX").
 */
export function closestSetting(name: string, known: readonly string[]): string | undefined {
  const extended = known.filter((k) => k.startsWith(`${name}_`));
  if (extended.length > 0 && extended.length <= 3) return extended.join(' or ');
  let best: { name: string; edits: number } | undefined;
  for (const candidate of known) {
    const edits = distance(name, candidate);
    if (!best || edits < best.edits) best = { name: candidate, edits };
  }
  return best && best.edits <= maxEdits(name) ? best.name : undefined;
}

/** One line for an unknown PLACARD_* variable, with a suggestion or what to do instead. */
export function unknownSettingProblem(name: string, known: readonly string[]): string {
  const guess = closestSetting(name, known);
  if (guess) return `${name} is not a Placard setting; did you mean ${guess}?`;
  return (
    `${name} is not a Placard setting; PLACARD_* variables are reserved for settings ` +
    '(see Configuration in the README), so give a variable of your own another name'
  );
}
