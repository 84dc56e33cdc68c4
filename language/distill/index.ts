// Distillation in the language (docs/distillation.md): what a `distill` block means once checked
// — which student parameters take the teacher's prior, the distill settings — and how it lowers.
export { distillationPlans, type DistillationPlan, type DistilledParam } from './distill-checker.js';
export type { DistillSettings, GaussianPriorSetting, LaplacePosteriorSetting } from './distill-settings.js';
export { lowerDistillation, type LoweredDistillation } from './lower-distillation.js';
