/**
 * A run of the dataset's records written into a ByteSink, the bytes `serializeRecords` gives for
 * them: what a worker of `serializeParallel` makes of one block.
 */
import type { ByteSink } from './byte-sink.ts';
import { createDrawContext } from './context.ts';
import { checkSlice, datasetSlice, type GenerateDatasetOptions, samplesIn } from './dataset.ts';
import { imageRecord } from './drawn-image.ts';
import { drawImageInto } from './image.ts';
import { writeDrawnImage } from './record-json.ts';
import { type DatasetPart, LAYOUTS, type OutputFormat, partEnd } from './writer.ts';

export function writeDatasetBlock(
  sink: ByteSink,
  options: GenerateDatasetOptions,
  format: OutputFormat,
  block: DatasetPart & { start: number; end: number },
): void {
  checkSlice(options, block.start, block.end);
  const layout = LAYOUTS[format];
  const samples = samplesIn(options);
  let index = block.start;
  const separate = (): void =>
    sink.ascii(index === block.start && block.opens ? layout.open : layout.separator);
  // The api-samples records, and every record in the json-server layout, are JSON.stringify's.
  for (const record of datasetSlice(options, index, Math.min(block.end, Math.max(index, samples)))) {
    separate();
    sink.text(layout.record(record));
    index++;
  }
  const context = createDrawContext(options.seed, options.now);
  for (; index < block.end; index++) {
    separate();
    const image = drawImageInto(context, index - samples);
    if (format === 'json-server') sink.text(layout.record(imageRecord(image)));
    else writeDrawnImage(sink, image);
  }
  sink.ascii(partEnd(layout, block, block.start === block.end));
}
