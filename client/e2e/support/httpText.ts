import { request } from 'node:http'

export interface HttpTextResult {
  status: number
  header: Record<string, string>
  text: string
}

/**
 * One HTTP exchange over plain node:http, the body read as text. Not fetch: the tests that play
 * the mini program delete fetch and its helpers (WeChat has none), and the stand-in `wx.request` /
 * `uni.request` and the tests' own calls to the BFF must keep working.
 */
export function httpText(url: string, { method = 'GET', header = {}, body, timeoutMs }: {
  method?: string
  header?: Record<string, string>
  body?: string
  timeoutMs?: number
} = {}): { result: Promise<HttpTextResult>; abort(): void } {
  let abort = () => {}
  const result = new Promise<HttpTextResult>((resolve, reject) => {
    const req = request(url, { method, headers: header, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = String(value)
        resolve({ status: res.statusCode ?? 0, header: out, text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    abort = () => req.destroy(new Error('abort'))
    req.end(body)
  })
  return { result, abort: () => abort() }
}
