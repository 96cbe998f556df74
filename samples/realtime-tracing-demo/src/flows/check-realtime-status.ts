import { defineFlow } from '@livespan/flows';
import { isRealtimeTelemetryEnabled, telemetryServerUrl } from '@livespan/tracing';
import { z } from 'zod';

/** Says whether realtime tracing is on, where spans go, and the variable's raw value. */
export const checkRealtimeStatus = defineFlow(
  {
    name: 'check_realtime_status',
    description: 'Reports whether realtime telemetry is enabled.',
    inputSchema: z.object({}).default({}),
  },
  async () => ({
    realtime_enabled: isRealtimeTelemetryEnabled(),
    telemetry_server: telemetryServerUrl(),
    GENKIT_ENABLE_REALTIME_TELEMETRY: process.env.GENKIT_ENABLE_REALTIME_TELEMETRY ?? null,
  }),
);
