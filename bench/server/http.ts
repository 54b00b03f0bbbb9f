/** A small JSON-over-HTTP client on keep-alive sockets (lighter than fetch, for load generation). */
import { Agent, request } from 'node:http';

/** Status and parsed JSON body of an answer. */
export interface Reply<T> {
  status: number;
  body: T;
}

/** Keep-alive JSON client of one server's REST API. */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  /** Calls /engine-rest`path`; rejects on a network error or a status >= 400. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          method,
          path: `/engine-rest${path}`,
          headers:
            payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const status = res.statusCode ?? 0;
            if (status >= 400) return reject(new Error(`${method} ${path} -> ${status} ${text}`));
            resolve({ status, body: (text ? JSON.parse(text) : undefined) as T });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
