/** Model used when `generate()` names none. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

/** Where and how to reach the Gemini API. */
export interface GeminiConfig {
  /** API key. Default: `GEMINI_API_KEY`. */
  apiKey?: string;
  /** API base URL, e.g. a proxy or a local fake. Default: `GEMINI_BASE_URL`, else the SDK's default. */
  baseUrl?: string;
  /** Model when a call names none. Default: `gemini-2.5-flash`. */
  model?: string;
}

let configured: GeminiConfig = {};

/**
 * Sets process-wide defaults for `generate()`; each field left out keeps
 * falling back to its environment variable. Calling again replaces them.
 */
export function configureGemini(config: GeminiConfig): void {
  configured = { ...config };
}

/** Per-call options over `configureGemini` over the environment. */
export function resolveGeminiConfig(
  call: GeminiConfig,
  env: NodeJS.ProcessEnv = process.env,
): { apiKey: string | undefined; baseUrl: string | undefined; model: string } {
  return {
    apiKey: call.apiKey ?? configured.apiKey ?? (env.GEMINI_API_KEY?.trim() || undefined),
    baseUrl: call.baseUrl ?? configured.baseUrl ?? (env.GEMINI_BASE_URL?.trim() || undefined),
    model: call.model ?? configured.model ?? DEFAULT_GEMINI_MODEL,
  };
}
