/**
 * A run of the dataset's records written into a ByteSink, the bytes `serializeRecords` gives for
 * them: what a worker of `serializeParallel` makes of one block.
 */
import type { ByteSink } from './byte-sink.ts';
import { datasetSlice, type GenerateDatasetOptions, samplesIn } from './dataset.ts';
import { writeDrawnRecord } from './record-json.ts';
import { type DatasetPart, LAYOUTS, type OutputFormat, partEnd } from './writer.ts';

export function writeDatasetBlock(
  sink: ByteSink,
  options: GenerateDatasetOptions,
  format: OutputFormat,
  block: DatasetPart & { start: number; end: number },
): void {
  const layout = LAYOUTS[format];
  // Drawn records in the compact layouts have a writer of their own; the rest is JSON.stringify's.
  const drawnFrom = format === 'json-server' ? Number.POSITIVE_INFINITY : samplesIn(options);
  let index = block.start;
  for (const record of datasetSlice(options, block.start, block.end)) {
    sink.ascii(index === block.start && block.opens ? layout.open : layout.separator);
    if (index >= drawnFrom) writeDrawnRecord(sink, record);
    else sink.text(layout.record(record));
    index++;
  }
  sink.ascii(partEnd(layout, block, block.start === block.end));
}
