// Lowering checked .phg models to the engine's PHG IR (engine/ir/types.ts): the entry points the
// CLI, the memory planner and certificates use.
export { lowerModel, irDimension, type LoweringProblem, type ModelLoweringInput, type FormatBytes } from './lower-model.js';
export { lowerTraining, dataSpec, optimizerSpec, type LoweredTraining, type TrainingOverrides } from './lower-training.js';
