// Text fit: the fit report read from an engine's layout, and auto-fit by binary search over it.
export { autoFit, type AutoFitOptions, type AutoFitResult, type SizeRange } from './auto-fit.ts';
export { entriesNamed, fitEntry, fitReport, type FitEntry, type FitReport } from './report.ts';
export { presetFitTarget, PRESET_MAX_SIZES, PRESET_MIN_SIZES, type PresetFitTarget } from './preset.ts';
