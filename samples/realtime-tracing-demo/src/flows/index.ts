export { checkRealtimeStatus } from './check-realtime-status.js';
export { llmChainFlow } from './llm-chain-flow.js';
export { longRunningFlow } from './long-running-flow.js';
export { multiStepFlow } from './multi-step-flow.js';
export { nestedFlow } from './nested-flow.js';
export { parallelTasksFlow } from './parallel-tasks-flow.js';
