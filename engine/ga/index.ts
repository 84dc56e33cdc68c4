// The geometric-algebra engine's public face (docs/geometric-algebra.md):
//   algebras        cliffordAlgebra(p, q, r) → CliffordAlgebra: blades as bitmasks, product signs,
//                   involutions, dual, blade names
//   supports        BladeSupport (stored blades, canonical order), named subspaces, support inference
//   tables          formFor(request) → MultilinearForm: the sparse Cayley table of supports, cached
//   kernels         forward / backward / tangent of forms, sums onto a union, norms — exact with quire
//   IR              gaOps, gaEdgePlan (how an edge computes), the executor's rules, memory rules
export { cliffordAlgebra, CliffordAlgebra, maxGenerators, type BladeProduct } from './algebra.js';
export { BladeSupport, supportFromHex, supportFromMask, supportOf } from './blade-support.js';
export { fullSupport, gradesSupport, namedSubspace, subspaceNames, type SubspaceName, type SubspaceType } from './subspaces.js';
export { gradeFilterSupport, linearMapSupport, productSupport, sandwichSupport, sumSupport, type SandwichSupport } from './support-inference.js';
export { formFor, genericOutputSupport, type FormOp, type FormRequest } from './forms.js';
export { MultilinearForm } from './multilinear-form.js';
export { formForward } from './form-forward.js';
export { formBackward, formTangent } from './form-gradients.js';
export { sumBackward, sumForward, sumLayout, sumTangent, type SumLayout } from './multivector-sum.js';
export { normBackward, normForward, normTangent } from './norm.js';
export { allocateMultivector, denseCoefficients, multivectorFromCoefficients, sparseCoefficients } from './multivector.js';
export { gaEdgePlan, gaOps, gaTargetShape, irSupportOf, isGaOp, supportOfNode, type GaEdgePlan } from './ir-edges.js';
export { gaEdgeMemory, type GaEdgeMemory, type GaGradientReads } from './memory-rules.js';
