// Decoders for the model structure and interface recorded in certificates and served versions.
import { arrayOf, natural, object, optional, string, type Decoder } from './json-decoder.js';
import type { ModelInterface, ModelStructure, StructureEdge, StructureNode, TensorInterface } from './model-structure.js';

/** Decodes one tensor of an interface. */
export const tensorInterfaceDecoder: Decoder<TensorInterface> = object<TensorInterface>({
    name: string, shape: arrayOf(natural), dimension: string, format: string
});

/** Decodes a model interface. */
export const modelInterfaceDecoder: Decoder<ModelInterface> = object<ModelInterface>({
    inputs: arrayOf(tensorInterfaceDecoder), outputs: arrayOf(tensorInterfaceDecoder)
});

const nodeDecoder: Decoder<StructureNode> = object<StructureNode>({
    name: string, kind: string, shape: arrayOf(natural), dimension: string, format: string, grade: optional(string)
});

const edgeDecoder: Decoder<StructureEdge> = object<StructureEdge>({ op: string, sources: arrayOf(string), target: string });

/** Decodes a model structure. */
export const modelStructureDecoder: Decoder<ModelStructure> = object<ModelStructure>({
    nodes: arrayOf(nodeDecoder), edges: arrayOf(edgeDecoder)
});
