// The test seam into what the package keeps between executions: one reset, the list of stores, and the
// knobs tests and benchmarks turn. The transport's public index offers none of these.
export { listStores, resetProcessMemory, STORES, type StoreName } from '../../nodes/processMemory/processMemory';
export { DEFAULT_RETRY_POLICY, getRetryPolicy, setRetryPolicy } from '../../nodes/DingTalkConnect/transport/retry';
export { usePacingPolicy } from '../../nodes/DingTalkConnect/transport/rateLimiter';
