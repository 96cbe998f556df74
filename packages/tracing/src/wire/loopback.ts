/** Host names that mean this machine, as they appear in `Host` headers, URLs and `--host`. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
