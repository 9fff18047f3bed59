import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type * as OtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { nodeHttpTransport, type GatewayTransport } from '../http/gateway-transport.js';
import { pathTemplate } from './path-template.js';

/**
 * OpenTelemetry traces, off unless asked for with the standard variables: an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and neither
 * `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none`. The exporter reads the rest of the
 * `OTEL_EXPORTER_OTLP_*` variables (headers, timeout) itself; `OTEL_SERVICE_NAME` names the process.
 */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true') return false;
  if ((env.OTEL_TRACES_EXPORTER ?? 'otlp') === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export interface Tracing {
  /** Where spans go: workflows' spans reach it through the worker's sink. */
  exporter: SpanExporter;
  resource: Resource;
  shutdown(): Promise<void>;
}

let active: Tracing | null = null;

/** Whether this process records spans: the hot paths skip making them otherwise. */
export function tracingActive(): boolean {
  return active !== null;
}

/**
 * Starts tracing for this process (`api`, `worker`) when the environment asks for it, or with the
 * given exporter (the tests' in-memory one). Spans are batched to the exporter; the W3C trace
 * context travels in HTTP headers and Temporal headers.
 */
export function startTracing(
  serviceName: string,
  options: { exporter?: SpanExporter; env?: NodeJS.ProcessEnv } = {},
): Tracing | null {
  const env = options.env ?? process.env;
  if (active) return active;
  if (!options.exporter && !tracingRequested(env)) return null;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME ?? `oi-payments-${serviceName}` });
  // The OTLP exporter (with its protobuf encoders) loads only where traces are sent.
  const exporter =
    options.exporter ??
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new (require('@opentelemetry/exporter-trace-otlp-http') as typeof OtlpHttp).OTLPTraceExporter();
  const provider = new NodeTracerProvider({ resource });
  // The tests read spans as they end; a deployment sends them in batches.
  provider.addSpanProcessor(
    options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter),
  );
  provider.register();
  active = {
    exporter,
    resource,
    shutdown: async () => {
      active = null;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  return active;
}

const tracer = () => trace.getTracer('oi-payments');

/**
 * Runs `work` in a span of its own when tracing is on (a child of the current one), recording
 * its failure; without tracing it runs as it is.
 */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Record<string, string | number | boolean> },
  work: (span: Span | null) => Promise<T>,
): Promise<T> {
  if (!active) return work(null);
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * A gateway's transport, traced: one client span per call, named by the gateway and path, with the
 * answer's status. Query strings are left out (gateways' carry credentials) and identifiers in the
 * path are templated (`pathTemplate`).
 */
export function tracedTransport(
  gateway: string,
  transport: GatewayTransport = nodeHttpTransport,
): GatewayTransport {
  return (address, request) => {
    if (!active) return transport(address, request);
    const url = typeof address === 'string' ? new URL(address) : address;
    const path = pathTemplate(url.pathname);
    return inSpan(
      `${gateway} ${request.method} ${path}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'payment.gateway': gateway,
          'http.request.method': request.method,
          'server.address': url.host,
          'url.path': path,
        },
      },
      async (span) => {
        const answer = await transport(address, request);
        span?.setAttribute('http.response.status_code', answer.status);
        if (answer.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
        return answer;
      },
    );
  };
}
