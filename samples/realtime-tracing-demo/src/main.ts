/**
 * The realtime tracing demo: every flow of the seed, traced with livespan.
 * Run it with ./run.sh, or `livespan start -- npx tsx src/main.ts`.
 */
import { serveFlows } from '@livespan/flows';
import { initTracing, isRealtimeTelemetryEnabled, telemetryServerUrl } from '@livespan/tracing';
import './flows/index.js';

initTracing({ serviceName: 'realtime-tracing-demo' });
const flows = await serveFlows();
const mode = isRealtimeTelemetryEnabled()
  ? 'realtime (spans sent when they start and when they end)'
  : 'standard (spans sent when they end)';
console.log(`realtime-tracing-demo: tracing to ${telemetryServerUrl()}, ${mode}`);
if (flows.url) {
  console.log(`flows ready: run them from the Dev UI's Flows tab`);
} else {
  console.log('GENKIT_ENV is not "dev", so no flows can be run from the Dev UI. Start with ./run.sh.');
}
