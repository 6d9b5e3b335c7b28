/**
 * The worker thread of `featureThread.ts`: reads paragraphs' features as it is asked, in order, and
 * hands the answers' memory over rather than copying it.
 */
import { parentPort } from 'node:worker_threads';
import { FeatureReading, readFeaturesBuffers, type ParagraphText } from '../core/recurrence/featureReading';

const port = parentPort;
if (port) {
  const reading = new FeatureReading();
  port.on('message', (paragraphs: ParagraphText[]) => {
    const read = reading.read(paragraphs);
    port.postMessage(read, readFeaturesBuffers(read));
  });
}
