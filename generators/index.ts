export { datasetRecords, type GenerateDatasetOptions, generateDataset } from './dataset.ts';
export { type GenerateImageOptions, generateImage } from './image.ts';
export { OUTPUT_FORMATS, type OutputFormat, serializeRecords } from './writer.ts';
