import autocannon from 'autocannon'

export interface LoadOptions {
  url: string
  /** autocannon's request list; `setupRequest` / `onResponse` hooks make each request distinct. */
  requests: autocannon.Request[]
  connections: number
  durationSec: number
  /** A run of this length first, not counted: JIT, caches and the WeChat token settle. */
  warmupSec: number
  /** A 2xx whose body fails this is counted as bad (e.g. wx-login answering `registered: false`). */
  verifyBody?: (body: string) => boolean
  /** Sampled every 100 ms during the measured run, for the peak resident memory. */
  rss?: () => number
  /** The target's CPU time so far, read before and after the measured run. */
  cpuMs?: () => number
}

export interface LoadResult {
  requestsPerSec: number
  p50Ms: number
  p99Ms: number
  requests: number
  /** Requests sent in the warm-up and measured runs, answered or not (each reached the BFF). */
  sent: number
  /** Non-2xx answers, connection errors, timeouts and bad bodies: a correct run has 0. */
  failures: number
  failureDetail: string
  peakRssBytes: number
  /**
   * The target's CPU time per answered request, in µs: what a request costs, whatever else the machine is
   * doing (requests/s on a shared machine also measure the neighbours).
   */
  cpuPerRequestUs: number
  /** The measured run on the monotonic clock, in µs (the clock V8's CPU profiles use on Linux). */
  windowUs: [number, number]
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

export async function measureLoad(opts: LoadOptions): Promise<LoadResult> {
  const warmup = opts.warmupSec > 0 ? await cannon(opts, opts.warmupSec) : undefined
  let peakRssBytes = opts.rss?.() ?? Number.NaN
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, opts.rss?.() ?? Number.NaN)
  }, 100)
  let result: autocannon.Result
  const from = monotonicUs()
  const cpuBefore = opts.cpuMs?.() ?? Number.NaN
  try {
    result = await cannon(opts, opts.durationSec)
  } finally {
    clearInterval(sampler)
  }
  const windowUs: [number, number] = [from, monotonicUs()]
  const cpuMs = (opts.cpuMs?.() ?? Number.NaN) - cpuBefore
  const requests = result.requests.total
  // No answer at all is a failure too (a BFF that hangs would otherwise show a clean row of zeros).
  const failures = result.non2xx + result.errors + result.mismatches + (requests === 0 ? 1 : 0)
  const codes = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${code}×${count ?? 0}`)
  return {
    requestsPerSec: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests,
    sent: (warmup?.requests.sent ?? 0) + result.requests.sent,
    failures,
    failureDetail: failures === 0 ? ''
      : requests === 0 ? 'no answer at all'
      : `non-2xx ${result.non2xx} (${codes.join(', ')}), errors ${result.errors} (timeouts ${result.timeouts}), bad bodies ${result.mismatches}`,
    peakRssBytes,
    cpuPerRequestUs: (cpuMs * 1000) / requests,
    windowUs,
  }
}

function cannon(opts: LoadOptions, durationSec: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({
      url: opts.url,
      connections: opts.connections,
      duration: durationSec,
      requests: opts.requests,
      timeout: 10,
      // autocannon hands over the body as a string (typed more loosely).
      ...(opts.verifyBody ? { verifyBody: (body) => opts.verifyBody!(String(body)) } : {}),
    }, (err, result) => (err ? reject(err as Error) : resolve(result)))
  })
}
